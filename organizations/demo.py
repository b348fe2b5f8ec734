"""Demo organizations: the committees of Conclusion Notice 3150-TB/TU and a
realistic set of grassroots organizations and cells below them, plus the
2025 reorganization. Idempotent: get_or_create on stable codes."""
import datetime

from core.services import SYSTEM

from . import demo_records
from .choices import GrassrootsType as GT
from .choices import OrganizationKind as K
from .choices import Role, SuccessionKind
from .models import Organization, Term, User
from .services import organization_reorganize, organization_update

REFORM_DATE = datetime.date(2025, 7, 1)
DEMO_PASSWORD = "demo-2026"

# (code, name, short name, kind, grassroots type, has government, children)
TREE = (
    "tu-hcm", "Thành ủy Thành phố Hồ Chí Minh", "Thành ủy TP.HCM", K.CITY_COMMITTEE, "", True, [
        ("btc-tu", "Ban Tổ chức Thành ủy", "BTCTU", K.ADVISORY_BOARD, "", True, []),
        ("qu-q3", "Quận ủy Quận 3", "Quận 3", K.URBAN_DISTRICT, "", True, [
            # Phường 6, 7 and 8 until 31/12/2020: merged into Phường Võ Thị Sáu (VTS_MERGER below).
            ("q3-p6", "Đảng ủy Phường 6", "Phường 6", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("q3-p6-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("q3-p7", "Đảng ủy Phường 7", "Phường 7", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("q3-p7-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
                ("q3-p7-kp2", "Chi bộ Khu phố 2", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("q3-p8", "Đảng ủy Phường 8", "Phường 8", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("q3-p8-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("q3-p9", "Đảng ủy Phường 9", "Phường 9", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("q3-p9-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
                ("q3-p9-kp2", "Chi bộ Khu phố 2", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("q3-lqd", "Chi bộ Trường THPT Lê Quý Đôn", "THPT Lê Quý Đôn", K.GRASSROOTS_CELL, GT.PUBLIC_SERVICE, True, []),
        ]),
        ("qu-q7", "Quận ủy Quận 7", "Quận 7", K.URBAN_DISTRICT, "", True, [
            ("q7-p-tth", "Đảng ủy phường Tân Thuận Đông", "P. Tân Thuận Đông", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("q7-p-tth-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
                ("q7-p-tth-kp2", "Chi bộ Khu phố 2", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("q7-p-tp", "Đảng ủy phường Tân Phong", "P. Tân Phong", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("q7-p-tp-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
        ]),
        ("hu-cuchi", "Huyện ủy Củ Chi", "Củ Chi", K.RURAL_DISTRICT, "", True, [
            ("cc-tt", "Đảng ủy Thị trấn Củ Chi", "TT. Củ Chi", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("cc-tt-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
                ("cc-tt-kp2", "Chi bộ Khu phố 2", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("cc-tth", "Đảng ủy xã Tân Thông Hội", "Xã Tân Thông Hội", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("cc-tth-ap1", "Chi bộ Ấp Ích Thạnh", "", K.SUBORDINATE_CELL, "", True, []),
                ("cc-tth-ap2", "Chi bộ Ấp Trung", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("cc-pva", "Đảng ủy xã Phước Vĩnh An", "Xã Phước Vĩnh An", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("cc-pva-ap1", "Chi bộ Ấp 1", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
        ]),
        ("hu-hocmon", "Huyện ủy Hóc Môn", "Hóc Môn", K.RURAL_DISTRICT, "", True, [
            ("hm-tt", "Đảng ủy Thị trấn Hóc Môn", "TT. Hóc Môn", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("hm-tt-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("hm-bd", "Đảng ủy xã Bà Điểm", "Xã Bà Điểm", K.GRASSROOTS_COMMITTEE, GT.WARD_COMMUNE, True, [
                ("hm-bd-ap1", "Chi bộ Ấp Đông Lân", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
        ]),
        ("du-saigontourist", "Đảng ủy Tổng Công ty Du lịch Sài Gòn", "Saigontourist", K.CORPORATION, "", True, [
            ("stt-rex", "Đảng ủy Khách sạn Rex", "KS Rex", K.GRASSROOTS_COMMITTEE, GT.STATE_ENTERPRISE, True, [
                ("stt-rex-cb1", "Chi bộ Bộ phận Lễ tân", "", K.SUBORDINATE_CELL, "", True, []),
                ("stt-rex-cb2", "Chi bộ Bộ phận Nhà hàng", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("stt-lh", "Chi bộ Công ty Dịch vụ Lữ hành Saigontourist", "Lữ hành Saigontourist", K.GRASSROOTS_CELL, GT.STATE_ENTERPRISE, True, []),
        ]),
        ("du-resco", "Đảng ủy Tổng Công ty Địa ốc Sài Gòn", "Địa ốc Sài Gòn", K.CORPORATION, "", True, [
            ("resco-xd", "Chi bộ Công ty Cổ phần Xây dựng Sài Gòn", "Xây dựng Sài Gòn", K.GRASSROOTS_CELL, GT.STATE_ENTERPRISE, True, []),
            ("resco-vp", "Đảng ủy Cơ quan Tổng Công ty Địa ốc Sài Gòn", "Cơ quan Resco", K.GRASSROOTS_COMMITTEE, GT.STATE_ENTERPRISE, True, [
                ("resco-vp-cb1", "Chi bộ Phòng Kế hoạch - Đầu tư", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
        ]),
        # A bloc committee has no same-level government, like Khối Đại học.
        ("du-nganhang", "Đảng ủy Khối Ngân hàng", "Khối Ngân hàng", K.BLOC, "", False, [
            ("nh-nhnn", "Đảng ủy Ngân hàng Nhà nước Chi nhánh TP.HCM", "NHNN CN TP.HCM", K.GRASSROOTS_COMMITTEE, GT.ADMINISTRATIVE, True, [
                ("nh-nhnn-cb1", "Chi bộ Phòng Thanh tra, giám sát", "", K.SUBORDINATE_CELL, "", True, []),
                ("nh-nhnn-cb2", "Chi bộ Phòng Tổng hợp", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("nh-agri", "Đảng ủy Agribank Chi nhánh TP.HCM", "Agribank TP.HCM", K.GRASSROOTS_COMMITTEE, GT.STATE_ENTERPRISE, True, [
                ("nh-agri-cb1", "Chi bộ Phòng Tín dụng", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
        ]),
        ("du-daihoc", "Đảng ủy Khối Đại học, Cao đẳng TP.HCM", "Khối Đại học, Cao đẳng", K.BLOC, "", False, [
            ("dh-supham", "Đảng ủy Trường Đại học Sư phạm TP.HCM", "ĐH Sư phạm", K.GRASSROOTS_COMMITTEE, GT.PUBLIC_SERVICE, True, [
                ("dh-supham-cb1", "Chi bộ Khoa Ngữ văn", "", K.SUBORDINATE_CELL, "", True, []),
                ("dh-supham-cb2", "Chi bộ Sinh viên", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("dh-kinhte", "Đảng ủy Trường Đại học Kinh tế TP.HCM", "ĐH Kinh tế", K.GRASSROOTS_COMMITTEE, GT.PUBLIC_SERVICE, True, [
                ("dh-kinhte-cb1", "Chi bộ Khoa Kinh tế", "", K.SUBORDINATE_CELL, "", True, []),
            ]),
            ("dh-cdktdn", "Chi bộ Trường Cao đẳng Kinh tế Đối ngoại", "CĐ Kinh tế Đối ngoại", K.GRASSROOTS_CELL, GT.PUBLIC_SERVICE, True, []),
        ]),
    ],
)

# Phường Võ Thị Sáu, formed on 1/1/2021 from Phường 6, 7 and 8 of Quận 3; the wards' cells become its
# cells. (successor code, name, predecessor codes)
VTS_DATE = datetime.date(2021, 1, 1)
VTS_BASIS = "Nghị quyết 1111/NQ-UBTVQH14 ngày 09/12/2020 (sắp xếp đơn vị hành chính cấp xã của TP.HCM)"
VTS_MERGER = [
    ("q3-p-vts", "Đảng ủy phường Võ Thị Sáu", "P. Võ Thị Sáu", K.GRASSROOTS_COMMITTEE, ["q3-p6", "q3-p7", "q3-p8"]),
    ("q3-p-vts-kp1", "Chi bộ Khu phố 1", "", K.SUBORDINATE_CELL, ["q3-p6-kp1"]),
    ("q3-p-vts-kp2", "Chi bộ Khu phố 2", "", K.SUBORDINATE_CELL, ["q3-p7-kp1"]),
    ("q3-p-vts-kp3", "Chi bộ Khu phố 3", "", K.SUBORDINATE_CELL, ["q3-p7-kp2", "q3-p8-kp1"]),
]

# Successors created by the 1/7/2025 reform (district level abolished).
SUCCESSORS = [
    ("p-banco", "Đảng ủy phường Bàn Cờ", "P. Bàn Cờ", "qu-q3"),
    ("p-xuanhoa", "Đảng ủy phường Xuân Hòa", "P. Xuân Hòa", "qu-q3"),  # with Phường Võ Thị Sáu
    ("x-cuchi", "Đảng ủy xã Củ Chi", "Xã Củ Chi", "hu-cuchi"),
    ("p-tanthuan", "Đảng ủy phường Tân Thuận", "P. Tân Thuận", "qu-q7"),
    ("x-hocmon", "Đảng ủy xã Hóc Môn", "Xã Hóc Môn", "hu-hocmon"),
]

DEMO_USERS = [
    # username, role, full name, scope codes
    ("admin", Role.ADMIN, "Quản trị hệ thống", []),
    ("chuyenvien", Role.INSPECTOR, "Nguyễn Thị Lan (chuyên viên BTCTU)", ["tu-hcm"]),
    ("truongdoan", Role.TEAM_LEADER, "Trần Văn Hùng (trưởng đoàn)", ["tu-hcm"]),
    ("lanhdao_q3", Role.LEADER, "Lê Minh Tâm (Bí thư Quận ủy Quận 3)", ["qu-q3"]),
    ("baocao_cuchi", Role.REPORTER, "Phạm Thu Hà (Huyện ủy Củ Chi)", ["hu-cuchi"]),
    ("api_client", Role.API_CLIENT, "Hệ thống kết nối", ["tu-hcm"]),
]


TERMS = [
    ("2015–2020", 2015, 2020, datetime.date(2015, 10, 1), datetime.date(2020, 10, 17)),
    ("2020–2025", 2020, 2025, datetime.date(2020, 10, 18), datetime.date(2025, 10, 15)),
    ("2025–2030", 2025, 2030, datetime.date(2025, 10, 16), datetime.date(2030, 10, 31)),
]

ISSUER_CODES = {K.CITY_COMMITTEE: "TU", K.ADVISORY_BOARD: "BTCTU", K.URBAN_DISTRICT: "QU", K.RURAL_DISTRICT: "HU",
                K.BLOC: "ĐU", K.CORPORATION: "ĐU", K.GRASSROOTS_COMMITTEE: "ĐU", K.GRASSROOTS_CELL: "CB",
                K.PARTIAL_COMMITTEE: "ĐU", K.SUBORDINATE_CELL: "CB"}


def _create(node, parent, created):
    code, name, short_name, kind, gtype, has_gov, children = node
    org, was_created = Organization.objects.get_or_create(
        code=code,
        defaults={
            "name": name, "short_name": short_name, "kind": kind, "grassroots_type": gtype,
            "has_government": has_gov, "parent": parent, "valid_from": datetime.date(1975, 5, 1),
            "issuer_code": ISSUER_CODES[kind],
        },
    )
    created.append(was_created)
    for child in children:
        _create(child, org, created)
    return org


def _merge_vts(created):
    """The 2021 merger, an organization history event: the three wards and their cells close on 31/12/2020,
    Phường Võ Thị Sáu and its cells open on 1/1/2021 (the 2018–2019 records stay with the old wards)."""
    for code, name, short_name, kind, predecessor_codes in VTS_MERGER:
        predecessors = list(Organization.objects.filter(code__in=predecessor_codes).order_by("code"))
        parent = (Organization.objects.get(code="qu-q3") if kind == K.GRASSROOTS_COMMITTEE
                  else Organization.objects.get(code="q3-p-vts"))
        successor, was_created = Organization.objects.get_or_create(code=code, defaults={
            "name": name, "short_name": short_name, "kind": kind, "parent": parent, "valid_from": VTS_DATE,
            "grassroots_type": GT.WARD_COMMUNE if kind == K.GRASSROOTS_COMMITTEE else "",
            "issuer_code": ISSUER_CODES[kind]})
        created.append(was_created)
        if was_created:
            organization_reorganize(user=SYSTEM, predecessors=predecessors, successor=successor, effective_date=VTS_DATE,
                                    kind=SuccessionKind.MERGED_INTO, basis=VTS_BASIS)


def _close_under_dissolved(created):
    """Units under a district dissolved on 1/7/2025 close with it (Phường Võ Thị Sáu goes into Xuân Hòa)."""
    vts = Organization.objects.get(code="q3-p-vts")
    if vts.valid_to is None:
        organization_reorganize(user=SYSTEM, predecessors=[vts], successor=Organization.objects.get(code="p-xuanhoa"),
                                effective_date=REFORM_DATE, kind=SuccessionKind.MERGED_INTO,
                                basis="Nghị quyết 1685/NQ-UBTVQH15 ngày 16/6/2025")
    closed_on = REFORM_DATE - datetime.timedelta(days=1)
    for _code, _name, _short, predecessor_code in SUCCESSORS:
        district = Organization.objects.get(code=predecessor_code)
        for unit in district.descendants().filter(valid_to__isnull=True):
            organization_update(user=SYSTEM, organization=unit, valid_to=closed_on)
            created.append(True)


def load(stdout=None):
    created = []
    for name, start_year, end_year, starts_on, ends_on in TERMS:
        Term.objects.get_or_create(
            name=name,
            defaults={"start_year": start_year, "end_year": end_year, "starts_on": starts_on, "ends_on": ends_on},
        )
    root = _create(TREE, None, created)
    _merge_vts(created)
    for code, name, short_name, predecessor_code in SUCCESSORS:
        successor, was_created = Organization.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "short_name": short_name, "kind": K.GRASSROOTS_COMMITTEE,
                "grassroots_type": GT.WARD_COMMUNE, "parent": root, "valid_from": REFORM_DATE,
                "issuer_code": "ĐU",
            },
        )
        created.append(was_created)
        predecessor = Organization.objects.get(code=predecessor_code)
        if not predecessor.successor_links.filter(successor=successor).exists():
            organization_reorganize(
                user=SYSTEM, predecessors=[predecessor], successor=successor, effective_date=REFORM_DATE,
                kind=SuccessionKind.SPLIT_INTO, basis="Nghị quyết 1685/NQ-UBTVQH15 ngày 16/6/2025",
            )
    _close_under_dissolved(created)
    users = []
    for username, role, full_name, scope_codes in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Vietnamese names are written family name first: keep the whole name in one field.
            user = User(username=username, role=role, first_name=full_name,
                        is_superuser=role == Role.ADMIN, email=f"{username}@btctu.local")
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.organizations.set(Organization.objects.filter(code__in=scope_codes))
        users.append(user)
    if stdout:
        stdout.write(f"Organizations: {Organization.objects.count()} ({sum(created)} new)")
    demo_records.load(stdout=stdout)
    return users

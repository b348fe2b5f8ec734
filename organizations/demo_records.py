"""Demo records for the committees of Conclusion Notice 3150-TB/TU: 2018
quality ratings (Quận 3 breaches the 20 % relation for its grassroots
organizations, Phường 7 — Phường Võ Thị Sáu from 2021 — and KS Rex for their members), 2018 and 2019 cell
meetings with the weaknesses the notice found, and 2019 admissions with Củ Chi
and Khối Ngân hàng behind target and an uneven composition.

Idempotent: every record is looked up on its natural key first and created
through the services only when missing, so a second run writes nothing."""
import datetime

from core.services import SYSTEM

from . import services
from .models import (
    AdmissionYear,
    CellMeeting,
    CommitteeMember,
    Congress,
    MembershipStructure,
    Organization,
    QualityRating,
    Term,
)
from .record_choices import CommitteePosition as P
from .record_choices import ContentFocus, MeetingKind, MeetingQuality
from .record_choices import Gender as G
from .record_choices import RatingSubject as S

# term: {code: (opened, closed, resolution number, term admission target)}
CONGRESSES = {
    "2015–2020": {
        "qu-q3": ((2015, 7, 14), (2015, 7, 16), "01-NQ/ĐH", 1500),
        "qu-q7": ((2015, 7, 21), (2015, 7, 23), "01-NQ/ĐH", 1300),
        "hu-cuchi": ((2015, 7, 28), (2015, 7, 30), "01-NQ/ĐH", 2500),
        "hu-hocmon": ((2015, 8, 4), (2015, 8, 6), "01-NQ/ĐH", 1800),
        "du-saigontourist": ((2015, 6, 23), (2015, 6, 24), "01-NQ/ĐH", 400),
        "du-resco": ((2015, 6, 16), (2015, 6, 17), "01-NQ/ĐH", 250),
        "du-nganhang": ((2015, 6, 9), (2015, 6, 11), "01-NQ/ĐH", 900),
        "du-daihoc": ((2015, 6, 2), (2015, 6, 4), "01-NQ/ĐH", 1200),
    },
    # The 2020 congresses held under Directive 35-CT/TW (dates and figures are illustrative).
    "2020–2025": {
        "qu-q3": ((2020, 7, 21), (2020, 7, 23), "01-NQ/ĐH", 1400),
        "hu-cuchi": ((2020, 8, 4), (2020, 8, 6), "01-NQ/ĐH", 2600),
    },
}

# (term, code, name, gender, birth, position, cadre code); names are illustrative. A member of the
# 2015–2020 committee serves until the day before the next committee is elected.
COMMITTEE = [
    ("2015–2020", "qu-q3", "Nguyễn Văn Thành", G.MALE, (1968, 3, 12), P.SECRETARY, "CB-Q3-001"),
    ("2015–2020", "qu-q3", "Trần Thị Mai", G.FEMALE, (1972, 9, 2), P.DEPUTY_SECRETARY, "CB-Q3-002"),
    ("2015–2020", "qu-q3", "Lê Hoàng Phúc", G.MALE, (1975, 1, 20), P.STANDING_MEMBER, "CB-Q3-003"),
    ("2015–2020", "qu-q3", "Phạm Minh Đức", G.MALE, (1963, 6, 30), P.STANDING_MEMBER, "CB-Q3-004"),
    ("2015–2020", "qu-q3", "Võ Thị Hồng", G.FEMALE, (1980, 11, 8), P.COMMITTEE_MEMBER, "CB-Q3-005"),
    ("2015–2020", "qu-q3", "Đặng Quốc Huy", G.MALE, (1982, 4, 15), P.COMMITTEE_MEMBER, "CB-Q3-006"),
    ("2015–2020", "qu-q3", "Huỳnh Văn Lợi", G.MALE, (1961, 12, 1), P.COMMITTEE_MEMBER, "CB-Q3-007"),
    ("2015–2020", "qu-q3", "Bùi Thanh Tâm", G.MALE, (1970, 7, 19), P.COMMITTEE_MEMBER, ""),
    ("2015–2020", "hu-cuchi", "Nguyễn Hữu Lộc", G.MALE, (1966, 2, 5), P.SECRETARY, "CB-CC-001"),
    ("2015–2020", "hu-cuchi", "Lê Thị Thu Hà", G.FEMALE, (1974, 8, 22), P.DEPUTY_SECRETARY, "CB-CC-002"),
    ("2015–2020", "hu-cuchi", "Trương Văn Sang", G.MALE, (1969, 10, 10), P.STANDING_MEMBER, ""),
    ("2015–2020", "hu-cuchi", "Phan Văn Tài", G.MALE, (1962, 5, 27), P.COMMITTEE_MEMBER, ""),
    # Quận 3 2020–2025: 3 of 10 women, 2 under 40 — within Directive 35's shares.
    ("2020–2025", "qu-q3", "Trần Thị Mai", G.FEMALE, (1972, 9, 2), P.SECRETARY, "CB-Q3-002"),
    ("2020–2025", "qu-q3", "Lê Hoàng Phúc", G.MALE, (1975, 1, 20), P.DEPUTY_SECRETARY, "CB-Q3-003"),
    ("2020–2025", "qu-q3", "Võ Thị Hồng", G.FEMALE, (1980, 11, 8), P.STANDING_MEMBER, "CB-Q3-005"),
    ("2020–2025", "qu-q3", "Đặng Quốc Huy", G.MALE, (1982, 4, 15), P.STANDING_MEMBER, "CB-Q3-006"),
    ("2020–2025", "qu-q3", "Bùi Thanh Tâm", G.MALE, (1970, 7, 19), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "qu-q3", "Ngô Minh Triết", G.MALE, (1983, 5, 9), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "qu-q3", "Lâm Thị Ngọc Hân", G.FEMALE, (1984, 10, 3), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "qu-q3", "Cao Văn Khải", G.MALE, (1978, 2, 14), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "qu-q3", "Tạ Quang Vinh", G.MALE, (1976, 8, 28), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "qu-q3", "Hồ Đức Trí", G.MALE, (1974, 12, 6), P.COMMITTEE_MEMBER, ""),
    # Củ Chi 2020–2025: 1 of 10 women (below 15 %, «cần xem xét»), 1 under 40 (10 %, at the minimum).
    ("2020–2025", "hu-cuchi", "Nguyễn Hữu Lộc", G.MALE, (1966, 2, 5), P.SECRETARY, "CB-CC-001"),
    ("2020–2025", "hu-cuchi", "Trương Văn Sang", G.MALE, (1969, 10, 10), P.DEPUTY_SECRETARY, ""),
    ("2020–2025", "hu-cuchi", "Lê Thị Thu Hà", G.FEMALE, (1974, 8, 22), P.STANDING_MEMBER, "CB-CC-002"),
    ("2020–2025", "hu-cuchi", "Đỗ Văn Nghĩa", G.MALE, (1971, 4, 17), P.STANDING_MEMBER, ""),
    ("2020–2025", "hu-cuchi", "Quách Minh Tuấn", G.MALE, (1984, 1, 25), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "hu-cuchi", "Lưu Văn Hậu", G.MALE, (1972, 6, 11), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "hu-cuchi", "Mai Xuân Thịnh", G.MALE, (1968, 9, 30), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "hu-cuchi", "Huỳnh Tấn Phát", G.MALE, (1975, 3, 3), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "hu-cuchi", "Dương Văn Lực", G.MALE, (1970, 11, 19), P.COMMITTEE_MEMBER, ""),
    ("2020–2025", "hu-cuchi", "Kiều Công Minh", G.MALE, (1973, 7, 7), P.COMMITTEE_MEMBER, ""),
]

# 2018 ratings: (code, subject, excellent, good, fulfilled, failed, exempted, suspended, other)
RATINGS_2018 = [
    # Quận 3: 9 HTXSNV against 30 HTTNV grassroots organizations — above 20 % (QR-2, the seed's finding).
    ("qu-q3", S.ORGANIZATIONS, 9, 30, 5, 1, 0, 0, 0),
    ("q3-p7", S.ORGANIZATIONS, 1, 2, 0, 0, 0, 0, 0),
    ("q3-p7", S.MEMBERS, 40, 150, 30, 2, 12, 1, 0),  # 40 > 20 % of 150: QR-1 breach
    ("q3-p9", S.MEMBERS, 20, 120, 25, 1, 8, 0, 2),
    ("q3-lqd", S.MEMBERS, 3, 18, 4, 0, 1, 0, 0),
    ("hu-cuchi", S.ORGANIZATIONS, 8, 45, 9, 2, 0, 0, 1),
    ("cc-tt", S.MEMBERS, 25, 160, 40, 3, 15, 0, 0),
    ("cc-tth", S.MEMBERS, 18, 110, 30, 2, 9, 1, 0),
    ("cc-pva", S.MEMBERS, 10, 70, 22, 1, 6, 0, 0),
    ("du-saigontourist", S.ORGANIZATIONS, 3, 16, 4, 0, 0, 0, 0),
    ("stt-rex", S.MEMBERS, 12, 50, 8, 0, 1, 0, 0),  # 12 > 10: QR-1 breach
    ("stt-lh", S.MEMBERS, 2, 14, 3, 0, 0, 0, 0),
    ("du-nganhang", S.ORGANIZATIONS, 6, 35, 7, 1, 0, 0, 0),
    ("nh-nhnn", S.MEMBERS, 15, 90, 12, 0, 2, 0, 0),
    ("nh-agri", S.MEMBERS, 22, 130, 20, 1, 1, 0, 0),
    ("qu-q7", S.ORGANIZATIONS, 6, 32, 6, 0, 0, 0, 0),
    ("hu-hocmon", S.ORGANIZATIONS, 7, 40, 8, 1, 0, 0, 0),
    ("du-resco", S.ORGANIZATIONS, 2, 12, 3, 0, 0, 0, 0),
    ("du-daihoc", S.ORGANIZATIONS, 8, 44, 6, 0, 0, 0, 0),
]
NAMED_EXCELLENT = {"q3-p7": ["Nguyễn Thị Bích", "Trần Văn An", "Lý Minh Khoa"]}

# 2019 meetings per cell: members, regular-meeting months skipped, quarters
# without a thematic meeting, criticism held, young members speak every n-th
# meeting (0: never), absentees without reason, content focus.
MEETINGS_2019 = {
    "q3-p7-kp1": dict(members=24, skip=(), no_thematic=(), criticism=True, young_every=1, unexcused=0,
                         focus=ContentFocus.POLITICAL),
    "q3-p7-kp2": dict(members=18, skip=(8,), no_thematic=(3,), criticism=True, young_every=2, unexcused=0,
                         focus=ContentFocus.MIXED),
    "cc-tth-ap1": dict(members=21, skip=(), no_thematic=(2,), criticism=False, young_every=6, unexcused=1,
                       focus=ContentFocus.PROFESSIONAL),
    "cc-tth-ap2": dict(members=15, skip=(2, 9), no_thematic=(2, 4), criticism=False, young_every=0, unexcused=2,
                       focus=ContentFocus.PROFESSIONAL),
    "stt-rex-cb1": dict(members=12, skip=(), no_thematic=(1,), criticism=False, young_every=4, unexcused=0,
                        focus=ContentFocus.PROFESSIONAL),
    "nh-nhnn-cb1": dict(members=30, skip=(5,), no_thematic=(), criticism=True, young_every=1, unexcused=0,
                        focus=ContentFocus.MIXED),
}
# 2018 meetings of the cells of the first inspection's committees (the year it examined): the seed's
# limitations — meetings mostly about professional work, weak self-criticism and criticism, young members
# seldom speaking — in some cells; others meet as they should.
MEETINGS_2018 = {
    "q3-p7-kp1": dict(members=23, skip=(), no_thematic=(), criticism=True, young_every=1, unexcused=0,
                         focus=ContentFocus.POLITICAL),
    "q3-p7-kp2": dict(members=17, skip=(), no_thematic=(), criticism=True, young_every=2, unexcused=0,
                         focus=ContentFocus.MIXED),
    "cc-tth-ap1": dict(members=20, skip=(), no_thematic=(), criticism=False, young_every=6, unexcused=0,
                       focus=ContentFocus.PROFESSIONAL),
    "cc-tth-ap2": dict(members=14, skip=(), no_thematic=(), criticism=False, young_every=0, unexcused=1,
                       focus=ContentFocus.PROFESSIONAL),
    "stt-rex-cb1": dict(members=12, skip=(), no_thematic=(), criticism=False, young_every=4, unexcused=0,
                        focus=ContentFocus.PROFESSIONAL),
    "nh-nhnn-cb1": dict(members=29, skip=(), no_thematic=(), criticism=True, young_every=1, unexcused=0,
                        focus=ContentFocus.MIXED),
    "nh-agri-cb1": dict(members=26, skip=(), no_thematic=(), criticism=False, young_every=0, unexcused=0,
                        focus=ContentFocus.PROFESSIONAL),
}
THEMES = ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Nâng cao chất lượng sinh hoạt chi bộ",
          "Phòng chống suy thoái tư tưởng chính trị, đạo đức, lối sống", "Công tác phát triển đảng viên"]

# 2019 admissions: code: (target, admitted, women, under_30, ethnic, religious, sectors w/f/i/s/e/a/o)
ADMISSIONS_2019 = {
    "qu-q3": (180, 192, 88, 70, 3, 12, (20, 0, 90, 12, 60, 4, 6)),
    "hu-cuchi": (400, 310, 62, 41, 2, 30, (120, 150, 25, 0, 10, 5, 0)),  # behind, few women and young
    "du-saigontourist": (70, 74, 38, 30, 1, 5, (0, 0, 20, 0, 54, 0, 0)),
    "du-nganhang": (150, 118, 30, 12, 0, 4, (0, 0, 100, 0, 18, 0, 0)),  # behind, few young and women
    "qu-q7": (160, 166, 80, 64, 2, 9, (18, 0, 80, 10, 52, 3, 3)),
    "hu-hocmon": (300, 305, 120, 110, 2, 25, (110, 120, 40, 5, 25, 5, 0)),
}
# Earlier years of the term, for the cumulative progress: year: (target or None, admitted, women, under_30,
# ethnic, religious, sectors w/f/i/s/e/a/o). The seed's strength: in 2018 every inspected committee met its
# yearly target and the term's pro-rata progress; its limitation: "cơ cấu đảng viên được kết nạp chưa đều"
# (Củ Chi and Khối Ngân hàng admit few women and young people against their membership).
ADMITTED_EARLIER = {
    "hu-cuchi": {2016: (None, 520, 230, 180, 2, 60, (130, 210, 90, 10, 40, 20, 20)),
                 2017: (None, 510, 225, 170, 1, 55, (125, 205, 95, 10, 40, 20, 15)),
                 2018: (480, 500, 160, 120, 2, 50, (140, 230, 70, 5, 30, 15, 10))},
    "du-nganhang": {2016: (None, 190, 100, 75, 1, 5, (0, 0, 150, 0, 40, 0, 0)),
                    2017: (None, 180, 95, 70, 0, 6, (0, 0, 140, 0, 40, 0, 0)),
                    2018: (170, 175, 60, 35, 0, 4, (0, 0, 140, 0, 35, 0, 0))},
    "qu-q3": {2016: (None, 330, 160, 130, 3, 20, (40, 0, 160, 30, 80, 10, 10)),
              2017: (None, 320, 155, 125, 2, 18, (38, 0, 155, 28, 80, 10, 9)),
              2018: (330, 360, 175, 140, 3, 22, (42, 0, 170, 35, 90, 12, 11))},
    "du-saigontourist": {2018: (75, 80, 41, 33, 1, 4, (0, 0, 22, 0, 58, 0, 0))},
}
# Members at the end of 2018: total, women, under_30, ethnic, religious, sectors w/f/i/s/e/a/o
STRUCTURE_2018 = {
    "qu-q3": (9800, 4700, 1500, 120, 600, (900, 0, 4200, 300, 2800, 300, 1300)),
    "hu-cuchi": (12500, 5600, 2500, 90, 1400, (3000, 4800, 1700, 100, 900, 600, 1400)),
    "du-saigontourist": (2100, 1050, 520, 20, 90, (0, 0, 600, 0, 1500, 0, 0)),
    "du-nganhang": (6200, 3300, 1600, 40, 200, (0, 0, 4800, 0, 1400, 0, 0)),
}
SECTORS = ("sector_worker", "sector_farmer", "sector_intellectual", "sector_student", "sector_enterprise",
           "sector_armed_forces", "sector_other")


def _ensure(counter, record_model, lookup, service, /, **fields):
    """Create through `service(**fields)` unless a record with `lookup` exists."""
    if record_model.objects.filter(**lookup).exists():
        return
    service(**fields)
    counter[record_model.__name__] = counter.get(record_model.__name__, 0) + 1


def _served_until(term_name, code):
    """The day before the next term's committee of `code` was elected, if it was."""
    later = [t for t in CONGRESSES if t > term_name and code in CONGRESSES[t]]
    if not later:
        return None
    return datetime.date(*CONGRESSES[min(later)][code][1]) - datetime.timedelta(days=1)


def _composition(women, under_30, ethnic, religious, sectors):
    return {"women": women, "under_30": under_30, "ethnic_minority": ethnic, "religious": religious,
            **dict(zip(SECTORS, sectors, strict=True))}


def _meeting_rows(members, skip, no_thematic, criticism, young_every, unexcused, focus, year=2019):
    rows = []
    for month in range(1, 13):
        if month in skip:
            continue
        excused = 1 if month % 4 == 0 else 0
        present = members - excused - unexcused
        spoke = max(3, present // 3)
        young = 1 if young_every and month % young_every == 0 else 0
        rows.append(dict(
            date=datetime.date(year, month, 5), kind=MeetingKind.REGULAR, topic="Sinh hoạt thường kỳ",
            duration_minutes=90, members_total=members, present=present, absent_excused=excused,
            absent_unexcused=unexcused, spoke=spoke, young_spoke=young, criticism_held=criticism and month % 3 != 2,
            content_focus=focus, quality=MeetingQuality.GOOD if criticism and not unexcused else MeetingQuality.AVERAGE,
        ))
    for quarter in range(1, 5):
        if quarter in no_thematic:
            continue
        rows.append(dict(
            date=datetime.date(year, quarter * 3 - 1, 20), kind=MeetingKind.THEMATIC, topic=THEMES[quarter - 1],
            duration_minutes=120, members_total=members, present=members - unexcused, absent_excused=0,
            absent_unexcused=unexcused, spoke=members // 2, young_spoke=1 if young_every else 0,
            criticism_held=criticism, content_focus=ContentFocus.POLITICAL, quality=MeetingQuality.FAIR,
        ))
    return rows


def load(stdout=None):
    orgs = {o.code: o for o in Organization.objects.all()}
    n = {}
    terms = {t.name: t for t in Term.objects.filter(name__in=CONGRESSES)}
    for term_name, congresses in CONGRESSES.items():
        for code, (opened, closed, number, target) in congresses.items():
            org, term = orgs[code], terms[term_name]
            _ensure(n, Congress, {"organization": org, "term": term}, services.record_create, user=SYSTEM,
                    model=Congress, organization=org, term=term, opened_on=datetime.date(*opened),
                    closed_on=datetime.date(*closed), resolution_number=number, admission_target=target,
                    resolution_summary=f"Nghị quyết Đại hội Đảng bộ nhiệm kỳ {term_name}.")
    for term_name, code, name, gender, birth, position, cadre_code in COMMITTEE:
        org, term = orgs[code], terms[term_name]
        _ensure(n, CommitteeMember, {"organization": org, "term": term, "full_name": name},
                services.committee_member_create, user=SYSTEM, organization=org, term=term, full_name=name,
                gender=gender, birth_date=datetime.date(*birth), position=position, cadre_code=cadre_code,
                from_date=datetime.date(*CONGRESSES[term_name][code][1]), to_date=_served_until(term_name, code))
    for code, subject, ex, good, ful, failed, exempted, suspended, other in RATINGS_2018:
        org = orgs[code]
        named = [{"full_name": name, "level": "excellent"} for name in NAMED_EXCELLENT.get(code, [])]
        _ensure(n, QualityRating, {"organization": org, "year": 2018, "subject": subject},
                services.quality_rating_create, user=SYSTEM, organization=org, year=2018, subject=subject, excellent=ex,
                good=good, fulfilled=ful, failed=failed, not_rated_exempted=exempted, not_rated_suspended=suspended,
                not_rated_other=other, total=ex + good + ful + failed + exempted + suspended + other,
                source_document="Báo cáo kết quả kiểm điểm, xếp loại năm 2018",
                members=(named or None) if subject == S.MEMBERS else None)
    for year, meetings in ((2018, MEETINGS_2018), (2019, MEETINGS_2019)):
        for code, spec in meetings.items():
            cell = orgs[code]
            if not CellMeeting.objects.filter(cell=cell, date__year=year).exists():
                created = services.cell_meeting_bulk_create(cell=cell, rows=_meeting_rows(**spec, year=year),
                                                            user=SYSTEM)
                n["CellMeeting"] = n.get("CellMeeting", 0) + len(created)
    for code, (target, admitted, women, young, ethnic, religious, sectors) in ADMISSIONS_2019.items():
        org = orgs[code]
        _ensure(n, AdmissionYear, {"organization": org, "year": 2019}, services.record_create,
                user=SYSTEM, model=AdmissionYear, organization=org, year=2019, target=target, admitted=admitted,
                **_composition(women, young, ethnic, religious, sectors))
    for code, years in ADMITTED_EARLIER.items():
        org = orgs[code]
        for year, (target, admitted, women, young, ethnic, religious, sectors) in years.items():
            _ensure(n, AdmissionYear, {"organization": org, "year": year}, services.record_create,
                    user=SYSTEM, model=AdmissionYear, organization=org, year=year, target=target, admitted=admitted,
                    **_composition(women, young, ethnic, religious, sectors))
    for code, (total, women, young, ethnic, religious, sectors) in STRUCTURE_2018.items():
        org = orgs[code]
        _ensure(n, MembershipStructure, {"organization": org, "year": 2018}, services.record_create,
                user=SYSTEM, model=MembershipStructure, organization=org, year=2018, members_total=total,
                **_composition(women, young, ethnic, religious, sectors))
    if stdout:
        stdout.write("Records: " + (", ".join(f"{k} +{v}" for k, v in sorted(n.items())) or "nothing new"))

"""Demo cadres for the committees of Conclusion Notice 3150-TB/TU.

The second inspection of the notice (Quận 7, Hóc Môn, Địa ốc Sài Gòn, Khối Đại
học) examined training, rotation and planning for the 2020–2025 term; the
data below agrees with what it found, as of mid-2019:
- strengths: rotation, transfer and appointment by the procedures (rotations
  of at least 3 years, appointees in the plan, party posts filled by
  election); plans reviewed yearly ("động - mở"), at least 2 and at most 3
  people per title, enough women and young cadres, every planned cadre able
  to serve the whole term (Hóc Môn took out the one who could not at its 2019
  review, Resco the deputy it elected);
- limitations: planned key leaders and sitting leaders with only trung cấp
  (Quận 7, Resco, Khối Đại học), some of them studying cao cấp; subordinate
  committees whose plans lack people (one name for a title at Phường Tân
  Thuận Đông and Xã Bà Điểm).
Idempotent: get_or_create on stable keys; a second run creates nothing."""
import datetime

from organizations.models import Organization, Term

from .choices import EducationLevel as E
from .choices import Gender, RemovalReason, StateManagementLevel
from .choices import MovementKind as MK
from .choices import PlanningStatus as PS
from .choices import TheoryLevel as TL
from .choices import TrainingKind as TK
from .choices import TrainingStatus as TS
from .models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord

D = datetime.date
M, F = Gender.MALE, Gender.FEMALE
TERM = "2020–2025"

# code, name, level, key, order, minimum theory level, max age first planning / first appointment, equivalence group
TITLES = [
    ("city-uv-btv", "Ủy viên Ban Thường vụ Thành ủy", "city", True, 10, TL.ADVANCED, 50, 55, ""),
    ("upper-bi-thu", "Bí thư", "upper", True, 10, TL.ADVANCED, 50, 55, ""),
    ("upper-pho-bi-thu-tt", "Phó Bí thư Thường trực", "upper", True, 20, TL.ADVANCED, 50, 55, "upper-pho-bi-thu"),
    ("upper-pho-bi-thu", "Phó Bí thư", "upper", True, 30, TL.ADVANCED, 50, 55, "upper-pho-bi-thu"),
    ("upper-chu-tich-ubnd", "Chủ tịch Ủy ban nhân dân", "upper", True, 40, TL.ADVANCED, 50, 55, ""),
    ("upper-uv-btv", "Ủy viên Ban Thường vụ", "upper", False, 50, TL.ADVANCED, 50, None, ""),
    ("upper-truong-ban-tc", "Trưởng Ban Tổ chức", "upper", False, 60, TL.ADVANCED, 50, 55, ""),
    ("grassroots-bi-thu", "Bí thư Đảng ủy cơ sở", "grassroots", True, 10, TL.INTERMEDIATE, 45, 50, ""),
    ("grassroots-pho-bi-thu", "Phó Bí thư Đảng ủy cơ sở", "grassroots", True, 20, TL.INTERMEDIATE, 45, 50, ""),
    ("grassroots-chu-tich-ubnd", "Chủ tịch Ủy ban nhân dân cấp xã", "grassroots", True, 30, TL.INTERMEDIATE, 45, 50, ""),
]

# code, full name, birth date, gender, organization, joined the party, theory level, obtained on, education
CADRES = [
    ("Q7-01", "Nguyễn Văn Hải", D(1966, 4, 12), M, "qu-q7", D(1990, 5, 19), TL.ADVANCED, D(2010, 6, 30), E.MASTER),
    ("Q7-02", "Trần Thị Mai", D(1975, 9, 3), F, "qu-q7", D(1998, 2, 3), TL.ADVANCED, D(2020, 12, 15), E.UNIVERSITY),
    ("Q7-03", "Lê Minh Khoa", D(1978, 2, 20), M, "qu-q7", D(2001, 9, 2), TL.INTERMEDIATE, D(2012, 6, 15), E.MASTER),
    ("Q7-04", "Phạm Quốc Bảo", D(1981, 11, 5), M, "q7-p-tth", D(2004, 3, 26), TL.ADVANCED, D(2017, 7, 1), E.UNIVERSITY),
    ("Q7-05", "Võ Thanh Tùng", D(1972, 6, 30), M, "qu-q7", D(1995, 5, 19), TL.ADVANCED, D(2014, 12, 1), E.MASTER),
    ("Q7-06", "Huỳnh Thị Ngọc", D(1984, 1, 15), F, "q7-p-tth", D(2006, 3, 8), TL.INTERMEDIATE, D(2015, 5, 30), E.UNIVERSITY),
    ("HM-01", "Đặng Văn Lâm", D(1965, 3, 8), M, "hu-hocmon", D(1988, 2, 3), TL.ADVANCED, D(2009, 6, 1), E.MASTER),
    ("HM-02", "Bùi Văn Phúc", D(1970, 7, 21), M, "hu-hocmon", D(1994, 9, 2), TL.ADVANCED, D(2016, 6, 1), E.UNIVERSITY),
    ("HM-03", "Ngô Văn Sơn", D(1976, 12, 2), M, "hu-hocmon", D(2000, 5, 19), TL.ADVANCED, D(2021, 6, 30), E.UNIVERSITY),
    ("HM-04", "Lý Thanh Hùng", D(1980, 5, 19), M, "hu-hocmon", D(2003, 3, 26), TL.INTERMEDIATE, D(2014, 6, 1), E.UNIVERSITY),
    ("HM-05", "Trương Thị Lan", D(1979, 8, 25), F, "hu-hocmon", D(2002, 2, 3), TL.ADVANCED, D(2018, 1, 10), E.MASTER),
    ("HM-06", "Phan Văn Toàn", D(1983, 10, 10), M, "hm-bd", D(2005, 9, 2), TL.INTERMEDIATE, D(2016, 6, 1), E.UNIVERSITY),
    ("HM-07", "Mai Văn Đức", D(1963, 1, 20), M, "hu-hocmon", D(1986, 5, 19), TL.ADVANCED, D(2008, 6, 1), E.UNIVERSITY),
    ("RS-01", "Nguyễn Thanh Bình", D(1964, 9, 9), M, "du-resco", D(1989, 9, 2), TL.INTERMEDIATE, D(2007, 6, 1), E.MASTER),
    ("RS-02", "Đỗ Thị Hương", D(1977, 4, 14), F, "du-resco", D(2001, 3, 8), TL.ADVANCED, D(2020, 11, 30), E.MASTER),
    ("RS-03", "Tạ Văn Quang", D(1962, 2, 11), M, "du-resco", D(1985, 2, 3), TL.ADVANCED, D(2010, 6, 1), E.UNIVERSITY),
    ("RS-04", "Hồ Minh Trí", D(1982, 7, 7), M, "resco-vp", D(2006, 5, 19), TL.ADVANCED, D(2019, 12, 20), E.UNIVERSITY),
    ("RS-05", "Cao Thị Thu", D(1980, 12, 12), F, "du-resco", D(2004, 2, 3), TL.ADVANCED, D(2016, 12, 1), E.MASTER),
    ("DH-01", "Phạm Văn Nghĩa", D(1967, 5, 5), M, "du-daihoc", D(1991, 5, 19), TL.BACHELOR, D(2005, 6, 1), E.DOCTOR),
    ("DH-02", "Lê Thị Thanh", D(1974, 3, 30), F, "du-daihoc", D(1999, 3, 8), TL.INTERMEDIATE, D(2012, 6, 1), E.DOCTOR),
    ("DH-03", "Trần Quốc Việt", D(1976, 10, 18), M, "du-daihoc", D(2000, 9, 2), TL.ADVANCED, D(2015, 6, 1), E.MASTER),
    ("DH-04", "Nguyễn Hoàng Anh", D(1985, 2, 14), M, "dh-supham", D(2008, 3, 26), TL.INTERMEDIATE, D(2017, 6, 1), E.DOCTOR),
    ("DH-05", "Vũ Thị Hạnh", D(1979, 6, 6), F, "du-daihoc", D(2003, 3, 8), TL.ADVANCED, D(2017, 6, 1), E.DOCTOR),
    ("HM-08", "Lê Thị Kim Hoa", D(1984, 9, 12), F, "hu-hocmon", D(2007, 5, 19), TL.ADVANCED, D(2018, 6, 1), E.MASTER),
    ("Q7-07", "Đinh Thị Thu Trang", D(1988, 3, 3), F, "q7-p-tth", D(2011, 3, 8), TL.INTERMEDIATE, D(2016, 6, 1),
     E.UNIVERSITY),
    ("HM-09", "Nguyễn Thị Mỹ Linh", D(1987, 11, 1), F, "hm-bd", D(2010, 9, 2), TL.INTERMEDIATE, D(2015, 6, 1),
     E.UNIVERSITY),
    ("Q3-01", "Lê Minh Tâm", D(1968, 8, 8), M, "qu-q3", D(1992, 2, 3), TL.ADVANCED, D(2011, 6, 1), E.MASTER),
    ("Q3-02", "Nguyễn Thị Kim Oanh", D(1980, 4, 2), F, "q3-p7", D(2003, 5, 19), TL.INTERMEDIATE, D(2015, 6, 1), E.UNIVERSITY),
    ("CC-01", "Trần Văn Út", D(1969, 11, 20), M, "hu-cuchi", D(1993, 9, 2), TL.ADVANCED, D(2012, 6, 1), E.UNIVERSITY),
    ("CC-02", "Nguyễn Văn Tư", D(1982, 1, 25), M, "cc-tth", D(2006, 2, 3), TL.INTERMEDIATE, D(2016, 6, 1), E.UNIVERSITY),
]

# cadre, title, organization, started on, ended on (exclusive), decision
ASSIGNMENTS = [
    ("Q7-01", "upper-bi-thu", "qu-q7", D(2015, 10, 20), None, "Bầu tại Đại hội 2015–2020"),
    ("Q7-06", "grassroots-bi-thu", "q7-p-tth", D(2017, 4, 1), None, "15-QĐ/QU"),
    ("HM-01", "upper-bi-thu", "hu-hocmon", D(2015, 10, 15), None, "Bầu tại Đại hội 2015–2020"),
    ("HM-06", "grassroots-bi-thu", "hm-bd", D(2016, 9, 1), None, "210-QĐ/HU"),
    ("RS-01", "upper-bi-thu", "du-resco", D(2015, 9, 25), None, "Bầu tại Đại hội 2015–2020"),
    ("RS-04", "grassroots-pho-bi-thu", "resco-vp", D(2014, 6, 1), D(2018, 3, 1), "05-QĐ/ĐU"),
    ("RS-04", "grassroots-bi-thu", "resco-xd", D(2018, 3, 1), D(2021, 3, 1), "12-QĐ/ĐU"),
    ("RS-03", "upper-uv-btv", "du-resco", D(2015, 9, 25), D(2019, 5, 15), "Bầu tại Đại hội 2015–2020"),
    ("RS-03", "upper-pho-bi-thu", "du-resco", D(2019, 5, 15), None, "Bầu bổ sung tại Hội nghị Ban Chấp hành"),
    ("DH-03", "upper-truong-ban-tc", "du-daihoc", D(2019, 8, 1), None, "41-QĐ/ĐU"),
    ("Q7-04", "upper-uv-btv", "qu-q7", D(2017, 1, 3), D(2020, 1, 3), "201-QĐ/QU"),
    ("DH-01", "upper-bi-thu", "du-daihoc", D(2015, 9, 30), None, "Bầu tại Đại hội 2015–2020"),
    ("Q3-01", "upper-bi-thu", "qu-q3", D(2015, 10, 10), None, "Bầu tại Đại hội 2015–2020"),
    ("CC-01", "upper-bi-thu", "hu-cuchi", D(2015, 10, 12), None, "Bầu tại Đại hội 2015–2020"),
]

# organization → (decision, added on, approved on); entries: cadre, title[, overrides]
PLANS = {
    "qu-q7": ("125-QĐ/QU", D(2018, 3, 15), D(2018, 4, 20), [
        ("Q7-03", "upper-bi-thu"), ("Q7-05", "upper-bi-thu"),
        ("Q7-02", "upper-pho-bi-thu"), ("Q7-03", "upper-pho-bi-thu"),
        # the 2019 review ("động - mở"): Q7-04 in, Q7-05 out of Phó Bí thư, never more than 3
        ("Q7-05", "upper-pho-bi-thu", {"status": PS.REMOVED, "removed_on": D(2019, 5, 20),
                                       "removal_reason": RemovalReason.REVIEW,
                                       "removal_note": "Rà soát năm 2019: tiếp tục quy hoạch Bí thư."}),
        ("Q7-04", "upper-pho-bi-thu", {"added_on": D(2019, 4, 10), "approved_on": D(2019, 5, 20),
                                       "decision": "162-QĐ/QU"}),
        ("Q7-06", "upper-uv-btv"), ("Q7-05", "upper-uv-btv"),
    ]),
    "hu-hocmon": ("88-QĐ/HU", D(2018, 5, 10), D(2018, 6, 15), [
        ("HM-02", "upper-bi-thu"), ("HM-03", "upper-bi-thu"), ("HM-02", "upper-pho-bi-thu-tt"),
        ("HM-05", "upper-pho-bi-thu-tt"), ("HM-03", "upper-pho-bi-thu"), ("HM-04", "upper-pho-bi-thu"),
        ("HM-07", "upper-pho-bi-thu", {
            "status": PS.REMOVED, "removed_on": D(2019, 3, 15), "removal_reason": RemovalReason.OVER_AGE,
            "removal_note": "Rà soát năm 2019: không đủ tuổi công tác trọn nhiệm kỳ 2020–2025."}),
        ("HM-04", "upper-chu-tich-ubnd"), ("HM-06", "upper-chu-tich-ubnd"), ("HM-05", "upper-uv-btv"),
        ("HM-06", "upper-uv-btv"), ("HM-08", "upper-uv-btv"),
    ]),
    "du-resco": ("45-QĐ/ĐU", D(2018, 4, 2), D(2018, 5, 8), [
        ("RS-02", "upper-pho-bi-thu"), ("RS-05", "upper-pho-bi-thu"),
        ("RS-03", "upper-pho-bi-thu", {"status": PS.REMOVED, "removed_on": D(2019, 5, 15),
                                       "removal_reason": RemovalReason.APPOINTED,
                                       "removal_note": "Được bầu bổ sung Phó Bí thư Đảng ủy ngày 15/5/2019."}),
        ("RS-05", "upper-bi-thu"), ("RS-02", "upper-bi-thu"), ("RS-05", "upper-uv-btv"), ("RS-04", "upper-uv-btv"),
    ]),
    "du-daihoc": ("32-QĐ/ĐU", D(2018, 6, 1), D(2018, 7, 10), [
        ("DH-02", "upper-pho-bi-thu"), ("DH-05", "upper-pho-bi-thu"), ("DH-05", "upper-truong-ban-tc"),
        ("DH-03", "upper-truong-ban-tc"), ("DH-04", "upper-uv-btv"), ("DH-03", "upper-uv-btv"),
        ("DH-02", "upper-uv-btv", {"status": PS.PROPOSED, "approved_on": None, "added_on": D(2019, 5, 2)}),
    ]),
    "qu-q3": ("140-QĐ/QU", D(2018, 3, 20), D(2018, 4, 25), [("Q3-02", "upper-pho-bi-thu")]),
    "hu-cuchi": ("96-QĐ/HU", D(2018, 3, 22), D(2018, 4, 27), [("CC-02", "upper-pho-bi-thu")]),
    # Subordinate committees whose plans lack people (the seed: "chưa đảm bảo đủ số lượng ... ở một số cấp ủy
    # trực thuộc"): one name for the secretary.
    "q7-p-tth": ("31-QĐ/ĐU", D(2018, 5, 2), D(2018, 6, 5), [("Q7-07", "grassroots-bi-thu")]),
    "hm-bd": ("27-QĐ/ĐU", D(2018, 5, 9), D(2018, 6, 12), [("HM-09", "grassroots-bi-thu")]),
}

INSTITUTION = "Học viện Chính trị khu vực II"
# cadre, kind, level, course, started, ended, status, certificate
TRAININGS = [
    # The levels these cadres held before the cao cấp courses below (their level on earlier dates).
    ("Q7-02", TK.POLITICAL_THEORY, TL.INTERMEDIATE, "Trung cấp LLCT - Hành chính", D(2007, 9, 1), D(2008, 12, 20),
     TS.COMPLETED, "TC-LLCT 2008/1123"),
    ("HM-03", TK.POLITICAL_THEORY, TL.INTERMEDIATE, "Trung cấp LLCT - Hành chính", D(2010, 9, 1), D(2011, 11, 1),
     TS.COMPLETED, "TC-LLCT 2011/0871"),
    ("RS-02", TK.POLITICAL_THEORY, TL.INTERMEDIATE, "Trung cấp LLCT - Hành chính", D(2012, 3, 1), D(2013, 6, 1),
     TS.COMPLETED, "TC-LLCT 2013/0290"),
    ("RS-04", TK.POLITICAL_THEORY, TL.INTERMEDIATE, "Trung cấp LLCT - Hành chính", D(2013, 3, 1), D(2014, 6, 1),
     TS.COMPLETED, "TC-LLCT 2014/0533"),
    ("Q7-02", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ không tập trung", D(2019, 3, 1), D(2020, 12, 15),
     TS.COMPLETED, "CC-LLCT 2020/0458"),
    ("Q7-06", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ không tập trung", D(2025, 9, 1), None,
     TS.STUDYING, ""),
    ("HM-03", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ không tập trung", D(2019, 9, 1), D(2021, 6, 30),
     TS.COMPLETED, "CC-LLCT 2021/0112"),
    ("RS-02", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ không tập trung", D(2019, 3, 1), D(2020, 11, 30),
     TS.COMPLETED, "CC-LLCT 2020/0391"),
    ("RS-04", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ tập trung", D(2019, 3, 4), D(2019, 12, 20),
     TS.COMPLETED, "CC-LLCT 2019/0877"),
    ("DH-04", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ không tập trung", D(2025, 9, 1), None,
     TS.STUDYING, ""),
    ("DH-02", TK.STATE_MANAGEMENT, "", "Bồi dưỡng ngạch chuyên viên chính", D(2019, 4, 1), D(2019, 6, 28),
     TS.COMPLETED, "QLNN-CVC 2019/221"),
    ("RS-01", TK.POLITICAL_THEORY, TL.ADVANCED, "Cao cấp LLCT hệ không tập trung", None, None, TS.PLANNED, ""),
    ("HM-04", TK.UPDATE, "", "Cập nhật kiến thức cho cán bộ diện Ban Thường vụ quản lý", D(2019, 7, 8),
     D(2019, 7, 12), TS.COMPLETED, ""),
]

# cadre, kind, from org, from title, to org, to title, decision, effective, ended
MOVEMENTS = [
    ("RS-04", MK.ROTATION, "resco-vp", "grassroots-pho-bi-thu", "resco-xd", "grassroots-bi-thu", "12-QĐ/ĐU",
     D(2018, 3, 1), D(2021, 3, 1)),
    # a party post: elected by the committee's conference, not appointed (AP-1 does not apply)
    ("RS-03", MK.ELECTION, "du-resco", "upper-uv-btv", "du-resco", "upper-pho-bi-thu",
     "Hội nghị Ban Chấp hành Đảng bộ Tổng Công ty bầu bổ sung", D(2019, 5, 15), None),
    ("DH-03", MK.APPOINTMENT, "dh-kinhte", None, "du-daihoc", "upper-truong-ban-tc", "41-QĐ/ĐU",
     D(2019, 8, 1), None),
    ("HM-06", MK.TRANSFER, "hm-tt", None, "hm-bd", None, "175-QĐ/HU", D(2016, 8, 15), None),
    ("Q7-01", MK.ELECTION, "qu-q7", "upper-bi-thu", "qu-q7", "upper-bi-thu", "Bầu tại Đại hội 2020–2025",
     D(2020, 10, 20), None),
    ("Q7-04", MK.ROTATION, "q7-p-tth", None, "qu-q7", "upper-uv-btv", "201-QĐ/QU", D(2017, 1, 3),
     D(2020, 1, 3)),
]


def _get_or_create(model, keys, defaults, created):
    _obj, was_created = model.objects.get_or_create(**keys, defaults=defaults)
    created.append(was_created)
    return _obj


def load(stdout=None):
    created = []
    orgs = {o.code: o for o in Organization.objects.all()}
    term = Term.objects.get(name=TERM)
    titles = {}
    for code, name, level, key, order, min_level, max_plan, max_appoint, group in TITLES:
        titles[code] = _get_or_create(Title, {"code": code}, {
            "name": name, "level": level, "is_key": key, "sort_order": order, "min_theory_level": min_level,
            "max_age_first_planning": max_plan, "max_age_first_appointment": max_appoint,
            "equivalence_group": group,
        }, created)
    cadres = {}
    for code, name, birth, gender, org, joined, level, obtained, education in CADRES:
        cadres[code] = _get_or_create(Cadre, {"code": code}, {
            "full_name": name, "birth_date": birth, "gender": gender, "organization": orgs[org],
            "party_joined_on": joined, "theory_level": level, "theory_level_obtained_on": obtained,
            "education_level": education, "state_management_level": StateManagementLevel.PRINCIPAL,
        }, created)
    for cadre, title, org, started, ended, decision in ASSIGNMENTS:
        _get_or_create(TitleAssignment, {
            "cadre": cadres[cadre], "title": titles[title], "organization": orgs[org], "started_on": started,
        }, {"ended_on": ended, "decision": decision}, created)
    for org, (decision, added_on, approved_on, entries) in PLANS.items():
        for cadre, title, *extra in entries:
            fields = {"decision": decision, "added_on": added_on, "approved_on": approved_on,
                      "status": PS.APPROVED, **(extra[0] if extra else {})}
            keys = {"cadre": cadres[cadre], "title": titles[title], "organization": orgs[org], "term": term,
                    "added_on": fields.pop("added_on")}
            _get_or_create(PlanningEntry, keys, fields, created)
    for cadre, kind, level, course, started, ended, status, certificate in TRAININGS:
        _get_or_create(TrainingRecord, {
            "cadre": cadres[cadre], "kind": kind, "theory_level": level, "course": course, "started_on": started,
        }, {"institution": INSTITUTION, "ended_on": ended, "status": status, "certificate": certificate}, created)
    for cadre, kind, from_org, from_title, to_org, to_title, decision, effective, ended in MOVEMENTS:
        _get_or_create(Movement, {"cadre": cadres[cadre], "kind": kind, "effective_on": effective}, {
            "from_organization": orgs[from_org], "from_title": titles.get(from_title), "to_organization": orgs[to_org],
            "to_title": titles.get(to_title), "decision": decision, "ended_on": ended,
        }, created)
    if stdout:
        stdout.write(f"Cadres: {Cadre.objects.count()} ({sum(created)} new records)")

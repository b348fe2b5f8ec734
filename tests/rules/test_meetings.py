"""CM-1..CM-4 per cell, on hand-built meetings."""
from decimal import Decimal

import pytest

from organizations.choices import OrganizationKind as K
from organizations.record_choices import MeetingKind
from rules.choices import Outcome
from tests.factories import OrganizationFactory
from tests.organizations.factories import CellMeetingFactory

from .helpers import Y2019, D, run_rules

pytestmark = pytest.mark.django_db
THEMATIC = MeetingKind.THEMATIC


def regular(cell, months, year=2019, **fields):
    return [CellMeetingFactory(cell=cell, date=D(year, m, 5), **fields) for m in months]


def thematic(cell, quarters, year=2019, **fields):
    return [CellMeetingFactory(cell=cell, date=D(year, q * 3 - 1, 20), kind=THEMATIC, **fields) for q in quarters]


def test_cm1_months_without_a_regular_meeting(tree, check):
    held = regular(tree.q3_cell, [m for m in range(1, 13) if m not in (2, 9)])
    regular(tree.cuchi_cell, range(1, 13))
    dissolved = OrganizationFactory(code="q3-old", kind=K.SUBORDINATE_CELL, parent=tree.q3_ward,
                                    valid_to=D(2019, 4, 30))
    regular(dissolved, range(1, 5))
    OrganizationFactory(code="q3-new", kind=K.SUBORDINATE_CELL, parent=tree.q3_ward, valid_from=D(2020, 1, 1))
    results = check("CM-1", tree.city)
    assert set(results) == {"q3-vts-kp1", "q3-old", "cc-tth-at"}  # cells existing in 2019 only
    q3 = results["q3-vts-kp1"]
    assert (q3.outcome, q3.measured, q3.threshold) == (Outcome.WARNING, 2, 0)
    assert q3.sentence == ("Có 2/12 tháng không sinh hoạt thường kỳ (tháng 2/2019, 9/2019); "
                           "quy định mỗi tháng ít nhất một lần.")
    assert q3.evidence == {"organizations.cellmeeting": [m.pk for m in held]}
    assert results["cc-tth-at"].sentence == "Sinh hoạt thường kỳ đủ cả 12 tháng."
    assert (results["q3-old"].outcome, results["q3-old"].params["judged"]) == (Outcome.PASS, 4)  # its lifetime
    assert check("CM-1", tree.q3, max_months_without=2)["q3-vts-kp1"].outcome == Outcome.PASS


def test_cm1_no_data_and_no_complete_month(tree, check):
    regular(tree.cuchi_cell, [1])
    results = check("CM-1", tree.city)
    assert results["q3-vts-kp1"].outcome == Outcome.INSUFFICIENT_DATA
    assert results["q3-vts-kp1"].sentence == "Chưa có dữ liệu sinh hoạt của chi bộ trong kỳ 01/01/2019–31/12/2019."
    short = check("CM-1", tree.cuchi, (D(2019, 1, 3), D(2019, 1, 31)))["cc-tth-at"]
    assert short.outcome == Outcome.NOT_APPLICABLE


def test_cm2_quarters_without_a_thematic_meeting(tree, check):
    regular(tree.q3_cell, [m for m in range(1, 13) if m != 2])
    thematic(tree.q3_cell, [1, 2, 4])  # one on 20/2
    regular(tree.cuchi_cell, range(1, 13))
    thematic(tree.cuchi_cell, [1, 2, 3, 4])
    results = check("CM-2", tree.city)
    q3 = results["q3-vts-kp1"]
    assert (q3.outcome, q3.measured) == (Outcome.WARNING, 1)
    assert q3.sentence == "Có 1/4 quý không sinh hoạt chuyên đề (quý 3/2019); quy định mỗi quý ít nhất một lần."
    assert results["cc-tth-at"].outcome == Outcome.PASS
    # the thematic meeting of 20/2 does not replace February's regular one
    assert check("CM-1", tree.q3)["q3-vts-kp1"].params["list"] == "2/2019"


def test_cm3_attendance_share_with_boundaries(tree, check):
    # 43 of 50 present = 86 % > 85 %: passes; 17 of 20 = exactly 85 %: fails the test
    regular(tree.q3_cell, range(1, 5), members_total=50, present=43, absent_excused=7)
    failed = regular(tree.q3_cell, [5], members_total=20, present=17, absent_excused=3)
    regular(tree.cuchi_cell, range(1, 11), members_total=20, present=20, absent_excused=0)
    thematic(tree.cuchi_cell, [4], members_total=20, present=19, absent_excused=0, absent_unexcused=1)
    results = check("CM-3", tree.city)
    q3 = results["q3-vts-kp1"]
    assert (q3.outcome, q3.measured, q3.threshold) == (Outcome.BREACH, Decimal("0.8"), Decimal("1"))
    assert q3.evidence == {"organizations.cellmeeting": [failed[0].pk]}
    assert q3.sentence == ("4/5 buổi sinh hoạt thường kỳ đạt yêu cầu dự họp (trên 85 % có mặt, không ai vắng "
                           "không lý do), tỷ lệ 80 % (yêu cầu không dưới 100 %).")
    assert results["cc-tth-at"].outcome == Outcome.PASS  # CM-3 judges regular meetings only
    assert check("CM-3", tree.q3, min_share=0.8)["q3-vts-kp1"].outcome == Outcome.PASS  # exactly the share


def test_cm3_without_regular_meetings_is_insufficient(tree, check):
    thematic(tree.q3_cell, [1])
    assert check("CM-3", tree.q3)["q3-vts-kp1"].outcome == Outcome.INSUFFICIENT_DATA


def test_cm4_minimum_duration_from_hd42(tree, check):
    regular(tree.q3_cell, [1, 2], duration_minutes=30)  # 2019: no such rule
    run = run_rules(tree.city, Y2019, ["CM-4"])
    assert run.rule_codes == []
    cell = tree.q3_cell
    CellMeetingFactory(cell=cell, date=D(2025, 10, 20), duration_minutes=30)  # before HD 42: not judged
    CellMeetingFactory(cell=cell, date=D(2025, 11, 5), duration_minutes=90)  # exactly 90: enough
    short = CellMeetingFactory(cell=cell, date=D(2025, 12, 5), duration_minutes=89)
    CellMeetingFactory(cell=cell, date=D(2025, 11, 20), duration_minutes=60)  # combined 60 + 60 = 120
    CellMeetingFactory(cell=cell, date=D(2025, 11, 20), duration_minutes=60, kind=THEMATIC)
    combined = [CellMeetingFactory(cell=cell, date=D(2025, 12, 20), duration_minutes=60),
                CellMeetingFactory(cell=cell, date=D(2025, 12, 20), duration_minutes=59, kind=THEMATIC)]
    results = check("CM-4", tree.city, (D(2025, 1, 1), D(2025, 12, 31)))
    q3 = results["q3-vts-kp1"]
    assert (q3.outcome, q3.measured) == (Outcome.BREACH, 2)
    assert sorted(q3.evidence["organizations.cellmeeting"]) == sorted([short.pk] + [m.pk for m in combined])
    assert q3.sentence == ("Có 2/4 buổi sinh hoạt ngắn hơn quy định (05/12/2025, 20/12/2025); quy định ít nhất 90 "
                           "phút, 120 phút khi kết hợp thường kỳ với chuyên đề.")
    assert results["cc-tth-at"].outcome == Outcome.INSUFFICIENT_DATA
    assert check("CM-4", tree.q3, (D(2025, 1, 1), D(2025, 12, 31)), min_minutes=89,
                 min_minutes_combined=119)["q3-vts-kp1"].outcome == Outcome.PASS

"""QR-1 and QR-2: HTXSNV at most 20 % of HTTNV, with the boundaries."""
from decimal import Decimal

import pytest

from organizations.choices import OrganizationKind as K
from organizations.record_choices import RatingSubject
from rules.choices import Outcome
from tests.factories import OrganizationFactory
from tests.organizations.factories import QualityRatingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db
ORGS = RatingSubject.ORGANIZATIONS


def members(org, excellent, good, year=2018):
    return QualityRatingFactory(organization=org, year=year, excellent=excellent, good=good, fulfilled=0,
                                total=excellent + good)


def test_qr1_breach_exact_cap_zero_good_and_missing(tree, check):
    ward2 = OrganizationFactory(code="q3-w2", parent=tree.q3)
    ward3 = OrganizationFactory(code="q3-w3", parent=tree.q3)
    ward4 = OrganizationFactory(code="q3-w4", parent=tree.q3)
    breach = members(tree.q3_ward, 40, 150)
    members(ward2, 30, 150)  # exactly 20 %: within the cap
    members(ward3, 1, 0)  # HTXSNV without any HTTNV
    members(ward4, 0, 0)
    results = check("QR-1", tree.q3, Y2018)
    assert set(results) == {"q3-vts", "q3-w2", "q3-w3", "q3-w4"}  # grassroots organizations only
    vts = results["q3-vts"]
    assert (vts.outcome, vts.measured, vts.threshold) == (Outcome.BREACH, Decimal("0.2667"), Decimal("0.2"))
    assert vts.sentence == ("Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ bằng 26,7 % số đảng viên hoàn thành tốt "
                            "nhiệm vụ năm 2018 (40/150; "
                            "quy định không quá 20 %, tức tối đa 30 đảng viên).")
    assert vts.evidence == {"organizations.qualityrating": [breach.pk]}
    assert (results["q3-w2"].outcome, results["q3-w2"].measured) == (Outcome.PASS, Decimal("0.2"))
    assert results["q3-w3"].outcome == Outcome.BREACH and results["q3-w3"].measured is None
    assert "không có đảng viên hoàn thành tốt nhiệm vụ" in results["q3-w3"].sentence
    assert results["q3-w4"].outcome == Outcome.PASS


def test_qr1_missing_rating_and_edited_threshold(tree, check):
    members(tree.q3_ward, 40, 150)
    results = check("QR-1", tree.city, Y2018, max_share=0.3)
    assert results["q3-vts"].outcome == Outcome.PASS and results["q3-vts"].threshold == Decimal("0.3")
    missing = results["cc-tth"]
    assert missing.outcome == Outcome.INSUFFICIENT_DATA
    assert missing.sentence == "Chưa có số liệu xếp loại chất lượng đảng viên năm 2018."


def test_qr1_not_in_force_before_2018_and_old_levels_not_applicable(tree, evaluate):
    members(tree.q3_ward, 9, 10, year=2017)
    run = run_rules(tree.city, (D(2017, 1, 1), D(2017, 12, 31)), ["QR-1", "QR-2"])
    assert run.rule_codes == [] and not run.results.exists()
    # evaluated anyway (e.g. a later valid_from edit): the old levels have no such cap
    result = evaluate("QR-1", tree.q3_ward, (D(2017, 1, 1), D(2017, 12, 31)))
    assert result.outcome == Outcome.NOT_APPLICABLE


def test_qr2_targets_upper_and_grassroots_committees(tree, check, evaluate):
    grassroots_cell = OrganizationFactory(code="q3-cell", kind=K.GRASSROOTS_CELL, parent=tree.q3)
    QualityRatingFactory(organization=tree.q3, subject=ORGS, excellent=9, good=30, fulfilled=5, failed=1, total=45)
    QualityRatingFactory(organization=tree.q3_ward, subject=ORGS, excellent=1, good=5, fulfilled=0, total=6)
    results = check("QR-2", tree.city, Y2018)
    assert set(results) == {"q3", "q3-vts", "cc", "cc-tth"}  # not the city, not cells
    assert grassroots_cell.code not in results
    q3 = results["q3"]
    assert (q3.outcome, q3.measured) == (Outcome.WARNING, Decimal("0.3"))
    assert q3.sentence == ("Tỷ lệ tổ chức đảng trực thuộc hoàn thành xuất sắc nhiệm vụ bằng 30 % số tổ chức hoàn "
                           "thành tốt nhiệm vụ năm 2018 "
                           "(9/30; quy định không quá 20 %, tức tối đa 6 tổ chức).")
    assert results["q3-vts"].outcome == Outcome.PASS  # 1 of 5: exactly 20 %
    assert results["cc"].outcome == Outcome.INSUFFICIENT_DATA
    # the per-organization path gives the same answer as the subtree path
    alone = evaluate("QR-2", tree.q3, Y2018)
    assert (alone.outcome, alone.measured, alone.render()) == (q3.outcome, q3.measured, q3.sentence)

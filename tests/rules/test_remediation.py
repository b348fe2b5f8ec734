"""RM-1: remediation requirements done and verified by their deadline, judged
as things stood on the period's last day (replayed from the timeline)."""
import pytest

from inspection import services
from rules.choices import Outcome

from .factories import D, at, extend, issued_requirements, report, verify

pytestmark = pytest.mark.django_db


def until(day):
    return (D(day.year, 1, 1), day)


@pytest.fixture
def q3_requirement(tree, board):
    """Quận 3 must remedy by 31/12/2019 (notice issued 2/7/2019)."""
    return issued_requirements(tree, board, [tree.q3])["q3"]


def test_deadline_day_itself_is_not_overdue_the_next_day_is(check, tree, q3_requirement):
    on_deadline = check("RM-1", tree.city, until(D(2019, 12, 31)))["q3"]
    assert (on_deadline.outcome, on_deadline.measured) == (Outcome.PASS, 0)
    assert on_deadline.sentence == ("Đến ngày 31/12/2019 không có yêu cầu khắc phục nào quá hạn chưa được xác nhận "
                                    "hoàn thành (1 yêu cầu có hiệu lực).")
    next_day = check("RM-1", tree.city, until(D(2020, 1, 1)))["q3"]
    assert (next_day.outcome, next_day.measured, next_day.threshold) == (Outcome.BREACH, 1, 0)
    assert next_day.sentence == ("Đến ngày 01/01/2020 có 1/1 yêu cầu khắc phục đã quá hạn mà chưa được xác nhận hoàn "
                                 "thành (hạn 31/12/2019).")
    assert next_day.evidence == {"inspection.remediationrequirement": [q3_requirement.pk]}


def test_only_inspected_organizations_with_an_issued_notice_are_judged(check, tree, q3_requirement):
    assert set(check("RM-1", tree.city, until(D(2020, 1, 1)))) == {"q3"}


def test_before_the_notice_is_issued_nothing_is_in_force(check, tree, q3_requirement):
    result = check("RM-1", tree.city, until(D(2019, 7, 1)))["q3"]
    assert result.outcome == Outcome.NOT_APPLICABLE
    assert result.sentence == "Đến ngày 01/07/2019 chưa có yêu cầu khắc phục nào có hiệu lực."


def test_extended_deadline_counts_from_the_day_it_was_approved(check, tree, board, q3_requirement):
    extend(board, q3_requirement, D(2020, 6, 30), decided_on=D(2020, 1, 10))
    before_approval = check("RM-1", tree.city, until(D(2020, 1, 9)))["q3"]
    assert before_approval.outcome == Outcome.BREACH  # then the deadline was still 31/12/2019
    assert check("RM-1", tree.city, until(D(2020, 6, 30)))["q3"].outcome == Outcome.PASS
    after = check("RM-1", tree.city, until(D(2020, 7, 1)))["q3"]
    assert after.outcome == Outcome.BREACH
    assert "(hạn 30/06/2020)" in after.sentence


def test_reported_done_but_not_verified_is_still_a_breach(check, tree, board, q3_requirement):
    report(board, q3_requirement, D(2019, 12, 1))
    assert check("RM-1", tree.city, until(D(2019, 12, 31)))["q3"].outcome == Outcome.PASS
    result = check("RM-1", tree.city, until(D(2020, 1, 31)))["q3"]
    assert result.outcome == Outcome.BREACH
    assert result.sentence.endswith("Trong số quá hạn có 1 yêu cầu đơn vị đã báo cáo khắc phục xong, chờ Ban xác "
                                    "nhận.")


def test_verified_late_breaches_until_verified_then_is_mentioned(check, tree, board, q3_requirement):
    report(board, q3_requirement, D(2020, 1, 20))
    verify(board, q3_requirement, D(2020, 2, 10))
    assert check("RM-1", tree.city, until(D(2020, 2, 9)))["q3"].outcome == Outcome.BREACH
    later = check("RM-1", tree.city, until(D(2020, 12, 31)))["q3"]
    assert (later.outcome, later.measured) == (Outcome.PASS, 0)
    assert later.sentence.endswith("Có 1 yêu cầu được xác nhận hoàn thành sau thời hạn trong kỳ.")
    # A period starting after the late verification does not repeat it.
    next_year = check("RM-1", tree.city, (D(2021, 1, 1), D(2021, 12, 31)))["q3"]
    assert "sau thời hạn" not in next_year.sentence


def test_verified_on_time_passes_without_mention(check, tree, board, q3_requirement):
    report(board, q3_requirement, D(2019, 11, 1))
    verify(board, q3_requirement, D(2019, 12, 31))
    result = check("RM-1", tree.city, until(D(2020, 12, 31)))["q3"]
    assert result.outcome == Outcome.PASS
    assert result.evidence == {"inspection.remediationrequirement": []}


def test_reopened_after_verification_is_overdue_again(check, tree, board, q3_requirement):
    report(board, q3_requirement, D(2019, 11, 1))
    verify(board, q3_requirement, D(2019, 11, 15))
    services.requirement_reopen(user=board, requirement=q3_requirement, comment="Chưa đủ minh chứng.",
                                at=at(D(2020, 2, 1)))
    assert check("RM-1", tree.city, until(D(2020, 1, 31)))["q3"].outcome == Outcome.PASS
    assert check("RM-1", tree.city, until(D(2020, 2, 2)))["q3"].outcome == Outcome.BREACH


def test_thresholds_allowed_overdue_and_grace_days(check, tree, board, q3_requirement):
    assert check("RM-1", tree.city, until(D(2020, 1, 15)), grace_days=15)["q3"].outcome == Outcome.PASS
    assert check("RM-1", tree.city, until(D(2020, 1, 16)), grace_days=15)["q3"].outcome == Outcome.BREACH
    tolerant = check("RM-1", tree.city, until(D(2020, 1, 16)), grace_days=0, max_overdue=1)["q3"]
    assert (tolerant.outcome, tolerant.measured, tolerant.threshold) == (Outcome.PASS, 1, 1)


def test_counts_per_organization_and_the_per_organization_path_agrees(check, evaluate, tree, board):
    requirements = issued_requirements(tree, board, [tree.q3, tree.cuchi])
    report(board, requirements["q3"], D(2019, 12, 1))
    verify(board, requirements["q3"], D(2019, 12, 5))
    results = check("RM-1", tree.city, until(D(2020, 3, 1)))
    assert {code: r.outcome for code, r in results.items()} == {"q3": Outcome.PASS, "cc": Outcome.BREACH}
    alone = evaluate("RM-1", tree.cuchi, until(D(2020, 3, 1)))
    assert (alone.outcome, alone.measured) == (Outcome.BREACH, 1)

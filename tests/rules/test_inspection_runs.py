"""Checks run from an inspection: its inspected organizations (in the user's
scope), its period, the rules of its topics; results grouped by topic; a
breach recorded as a draft limitation linked to the result."""
import pytest

from core.errors import ApplicationError
from inspection.choices import FindingKind, InspectionStatus, Severity
from inspection.models import Finding, Topic
from organizations.choices import Role
from rules.choices import Outcome
from rules.models import RuleCheckResult, RuleCheckRun
from rules.selectors import results_by_topic
from rules.services import check_run_create_for_inspection, check_run_execute, result_to_finding
from tests.inspection.factories import walk
from tests.organizations.factories import QualityRatingFactory

from .factories import issued_requirements
from .helpers import D, run_rules

pytestmark = pytest.mark.django_db
CELL_RULES = ["CM-1", "CM-2", "CM-3", "CM-5", "CM-6", "CM-7"]  # the cell-meeting rules in force in 2018


def run_for(inspection, user, **kwargs):
    run = check_run_create_for_inspection(user=user, inspection=inspection, **kwargs)
    return check_run_execute(run_id=run.pk)


def outcomes(run):
    return {(r.rule_code, r.organization.code): r.outcome for r in run.results.select_related("organization")}


def test_run_covers_the_targets_for_the_inspection_period_with_the_rules_of_its_topics(tree, board, joint):
    run = run_for(joint, board)
    assert run.status == "done", run.error
    assert (run.inspection, run.scope, run.period_start, run.period_end) == (joint, tree.city, D(2018, 1, 1),
                                                                            D(2018, 12, 31))
    assert list(run.targets.order_by("path")) == [tree.q3, tree.cuchi]
    assert run.rule_codes == CELL_RULES
    assert outcomes(run)[("CM-1", "q3-vts-kp1")] == Outcome.WARNING
    assert outcomes(run)[("CM-1", "cc-tth-at")] == Outcome.INSUFFICIENT_DATA
    assert {code for _rule, code in outcomes(run)} == {"q3-vts-kp1", "cc-tth-at"}


def test_a_user_runs_on_the_targets_in_their_scope_only(tree, make_user, joint):
    q3_inspector = make_user(organizations=[tree.q3])
    run = run_for(joint, q3_inspector)
    assert run.scope == tree.q3 and list(run.targets.all()) == [tree.q3]
    assert {code for _rule, code in outcomes(run)} == {"q3-vts-kp1"}


def test_nested_targets_are_evaluated_once(tree, board):
    inspection = walk(tree, board, targets=[tree.q3, tree.q3_ward], status=InspectionStatus.IN_PROGRESS,
                      topics=("cell_meetings",)).inspection
    run = run_for(inspection, board, rule_codes=["CM-1"])
    assert list(run.targets.all()) == [tree.q3]
    assert run.results.count() == 1


def test_out_of_scope_inspection_no_period_or_no_rule_is_refused(tree, make_user, board):
    cuchi_only = walk(tree, board, targets=[tree.cuchi], topics=("training",)).inspection  # no rule on training
    with pytest.raises(ApplicationError) as outside:
        check_run_create_for_inspection(user=make_user(organizations=[tree.q3]), inspection=cuchi_only)
    assert outside.value.status == 404
    with pytest.raises(ApplicationError) as no_rule:
        check_run_create_for_inspection(user=board, inspection=cuchi_only)
    assert "rule_codes" in no_rule.value.fields
    assert check_run_create_for_inspection(user=board, inspection=cuchi_only, rule_codes=["CM-1"]).rule_codes == [
        "CM-1"]
    cuchi_only.period_start = cuchi_only.period_end = None
    cuchi_only.save()
    with pytest.raises(ApplicationError) as no_period:
        check_run_create_for_inspection(user=board, inspection=cuchi_only, rule_codes=["CM-1"])
    assert "inspection" in no_period.value.fields
    assert RuleCheckRun.objects.count() == 1


def test_results_grouped_by_topic_in_topic_order(tree, make_user, board, joint):
    run = run_for(joint, board, rule_codes=["CM-1", "QR-1"])
    groups = results_by_topic(user=board, run=run)
    assert [(g["topic"], g["in_inspection"]) for g in groups] == [("quality_rating", False), ("cell_meetings", True)]
    assert groups[1]["name"] == Topic.objects.get(code="cell_meetings").name
    assert groups[1]["counts"] == {"warning": 1, "insufficient_data": 1}
    assert [r.organization.code for r in groups[1]["results"]] == ["q3-vts-kp1", "cc-tth-at"]
    q3_only = results_by_topic(user=make_user(Role.LEADER, [tree.q3]), run=run)
    assert [r.organization.code for g in q3_only for r in g["results"]] == ["q3-vts", "q3-vts-kp1"]


def test_breach_becomes_a_draft_limitation_of_the_inspected_organization(tree, board, joint):
    run = run_for(joint, board)
    result = run.results.get(rule_code="CM-1", organization=tree.q3_cell)
    finding = result_to_finding(user=board, result=result)
    assert (finding.inspection, finding.organization, finding.topic.code, finding.kind, finding.severity) == (
        joint, tree.q3, "cell_meetings", FindingKind.LIMITATION, Severity.SERIOUS)
    assert finding.text == f"Chi bộ Khu phố 1: {result.sentence}"
    assert finding.text.startswith("Chi bộ Khu phố 1: Có 11/12 tháng không sinh hoạt thường kỳ")
    result.refresh_from_db()
    assert result.finding == finding and list(finding.rule_results.all()) == [result]
    with pytest.raises(ApplicationError) as again:
        result_to_finding(user=board, result=result)
    assert (again.value.status, again.value.code) == (409, "already_recorded")
    assert Finding.objects.filter(kind=FindingKind.LIMITATION).count() == 1


def test_edited_text_severity_and_tags_are_kept(tree, board, joint):
    result = run_for(joint, board).results.get(rule_code="CM-1", organization=tree.q3_cell)
    finding = result_to_finding(user=board, result=result, text="Chi bộ Khu phố 1 sinh hoạt không đều.",
                                severity=Severity.MINOR, tags=["Sinh hoạt không đều"])
    assert (finding.text, finding.severity) == ("Chi bộ Khu phố 1 sinh hoạt không đều.", Severity.MINOR)
    assert [t.slug for t in finding.tags.all()] == ["sinh-hoat-khong-deu"]


def test_the_inspection_rules_for_findings_apply(tree, board, joint):
    run = run_for(joint, board, rule_codes=["CM-1", "QR-1"])
    not_breach = run.results.get(organization=tree.cuchi_cell)
    with pytest.raises(ApplicationError) as exc:
        result_to_finding(user=board, result=not_breach)
    assert exc.value.code == "not_a_breach"
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    rating_run = run_for(joint, board, rule_codes=["QR-1"])
    other_topic = rating_run.results.get(organization=tree.q3_ward)
    assert other_topic.outcome == Outcome.BREACH
    with pytest.raises(ApplicationError) as exc:
        result_to_finding(user=board, result=other_topic)  # quality_rating is not a topic of this inspection
    assert "topic" in exc.value.fields
    frozen = walk(tree, board, targets=[tree.q3], status=InspectionStatus.FOLLOWING_UP,
                  topics=("cell_meetings",)).inspection
    breach = run.results.get(rule_code="CM-1", organization=tree.q3_cell)
    with pytest.raises(ApplicationError) as exc:
        result_to_finding(user=board, result=breach, inspection=frozen)
    assert (exc.value.status, exc.value.code) == (409, "findings_frozen")
    cuchi_inspection = walk(tree, board, targets=[tree.cuchi], status=InspectionStatus.IN_PROGRESS,
                            topics=("cell_meetings",)).inspection
    with pytest.raises(ApplicationError) as exc:
        result_to_finding(user=board, result=breach, inspection=cuchi_inspection)
    assert "organization" in exc.value.fields
    assert not RuleCheckResult.objects.filter(finding__isnull=False).exists()


def test_out_of_scope_user_and_leader_cannot_record(tree, make_user, board, joint):
    cuchi_result = run_for(joint, board).results.get(rule_code="CM-1", organization=tree.cuchi_cell)
    cuchi_result.outcome = Outcome.BREACH
    cuchi_result.save()
    with pytest.raises(ApplicationError) as exc:
        result_to_finding(user=make_user(organizations=[tree.q3]), result=cuchi_result)
    assert exc.value.status == 404
    with pytest.raises(ApplicationError) as exc:
        result_to_finding(user=make_user(Role.LEADER, [tree.city]), result=cuchi_result)
    assert exc.value.status == 403
    assert not Finding.objects.exists()


@pytest.fixture
def overdue_q3(tree, board):
    """Quận 3's requirement was due 31/12/2019 and is still open."""
    return issued_requirements(tree, board, [tree.q3])["q3"]


def test_remediation_results_are_grouped_under_their_topic_and_may_be_recorded_under_another(
        tree, board, overdue_q3):
    run = run_rules(tree.city, (D(2020, 1, 1), D(2020, 3, 1)), ["RM-1"])
    [group] = results_by_topic(user=board, run=run)
    assert (group["topic"], group["name"]) == (
        "remediation", "Thực hiện kết luận kiểm tra, khắc phục hạn chế, khuyết điểm")
    follow_up = walk(tree, board, targets=[tree.q3], status=InspectionStatus.IN_PROGRESS,
                     topics=("quality_rating",)).inspection
    result = run.results.get()
    finding = result_to_finding(user=board, result=result, inspection=follow_up,
                                topic=Topic.objects.get(code="quality_rating"))
    assert (finding.organization, finding.text) == (tree.q3, result.sentence)  # the inspected organization itself
    assert finding.text.startswith("Đến ngày 01/03/2020 có 1/1 yêu cầu khắc phục đã quá hạn")


def test_a_follow_up_inspection_with_the_remediation_topic_runs_rm1(tree, board, overdue_q3):
    follow_up = walk(tree, board, targets=[tree.q3], status=InspectionStatus.IN_PROGRESS,
                     topics=("remediation",)).inspection
    follow_up.period_start, follow_up.period_end = D(2020, 1, 1), D(2020, 6, 30)
    follow_up.save()
    run = run_for(follow_up, board)
    assert run.rule_codes == ["RM-1"]
    finding = result_to_finding(user=board, result=run.results.get(outcome=Outcome.BREACH))
    assert (finding.topic.code, finding.severity) == ("remediation", Severity.MODERATE)

"""The engine, with a rule made for the test: it measures the length of a cell's name."""
import datetime
from decimal import Decimal

import pytest

from core.services import SYSTEM
from organizations.choices import OrganizationLevel, Role
from rules.base import REGISTRY, Rule
from rules.choices import Outcome
from rules.models import RuleCheckResult, RuleCheckRun, RuleSetting
from rules.services import check_run_create, check_run_execute

pytestmark = pytest.mark.django_db

D = datetime.date


class NameLength(Rule):
    code = "TEST-1"
    title = "Tên chi bộ không quá dài"
    regulation = "Quy định thử"
    valid_from = D(2018, 1, 1)
    valid_to = D(2020, 12, 31)
    topic = "cell_meetings"
    defaults = {"max_length": 16}

    def targets(self, scope):
        return scope.descendants(include_self=True).filter(level=OrganizationLevel.CELL)

    def evaluate(self, organization, ctx):
        measured, limit = Decimal(len(organization.name)), ctx.threshold("max_length")
        outcome = Outcome.BREACH if measured > limit else Outcome.PASS
        return self.result(
            organization, outcome, measured=measured, threshold=limit,
            message="Tên dài %(n)s ký tự (quy định ≤ %(max)s)", params={"n": int(measured), "max": int(limit)},
            evidence={"organizations.organization": [organization.pk]},
        )


@pytest.fixture(autouse=True)
def test_rule():
    REGISTRY["TEST-1"] = NameLength()
    yield REGISTRY["TEST-1"]
    del REGISTRY["TEST-1"]


Y2019 = (D(2019, 1, 1), D(2019, 12, 31))


def run(scope, user=SYSTEM, period=Y2019):
    start, end = period
    created = check_run_create(user=user, scope=scope, period_start=start, period_end=end, rule_codes=["TEST-1"])
    return check_run_execute(run_id=created.pk)


def test_results_stored_with_measure_threshold_evidence_and_sentence(tree):
    finished = run(tree.city)
    results = {r.organization_id: r for r in finished.results.all()}
    assert set(results) == {tree.q3_cell.pk, tree.cuchi_cell.pk}
    q3 = results[tree.q3_cell.pk]  # "Chi bộ Khu phố 1" = 16 characters: exactly at the limit passes
    assert (q3.outcome, q3.measured, q3.threshold) == (Outcome.PASS, 16, 16)
    assert q3.evidence == {"organizations.organization": [tree.q3_cell.pk]}
    assert q3.sentence == "Tên dài 16 ký tự (quy định ≤ 16)"
    assert results[tree.cuchi_cell.pk].outcome == Outcome.PASS  # "Chi bộ Ấp Trung"


def test_changing_a_threshold_changes_the_next_run_not_the_stored_one(tree):
    first = run(tree.city)
    setting = RuleSetting.objects.get(rule_code="TEST-1")
    setting.thresholds = {"max_length": 15}
    setting.save()
    second = run(tree.city)
    assert first.pk != second.pk
    assert first.results.get(organization=tree.q3_cell).outcome == Outcome.PASS
    assert first.thresholds["TEST-1"]["max_length"] == 16
    assert second.results.get(organization=tree.q3_cell).outcome == Outcome.BREACH
    assert RuleCheckRun.objects.count() == 2


def test_rule_outside_its_date_range_is_not_applied(tree):
    later = run(tree.city, period=(D(2025, 1, 1), D(2025, 12, 31)))
    assert later.rule_codes == []
    assert not later.results.exists()


def test_executing_a_finished_run_again_changes_nothing(tree):
    finished = run(tree.city)
    ids = list(finished.results.values_list("pk", flat=True))
    check_run_execute(run_id=finished.pk)
    assert list(RuleCheckResult.objects.filter(run=finished).values_list("pk", flat=True)) == ids


def test_api_runs_a_check_and_reads_results_in_scope(api, tree, make_user, django_capture_on_commit_callbacks):
    inspector = make_user(Role.INSPECTOR, [tree.q3])
    client = api.as_user(inspector)
    rules = client.get("/api/v1/rules/").json()
    assert any(r["code"] == "TEST-1" and r["thresholds"] == {"max_length": 16} for r in rules)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/rule-runs/", {
            "scope": tree.q3.pk, "period_start": "2019-01-01", "period_end": "2019-12-31", "rule_codes": ["TEST-1"],
        }, format="json")
    assert response.status_code == 202, response.json()
    run_id = response.json()["id"]
    assert client.get(f"/api/v1/rule-runs/{run_id}/").json()["status"] == "done"
    results = client.get("/api/v1/rule-results/", {"run": run_id}).json()["results"]
    assert [r["organization"]["code"] for r in results] == ["q3-vts-kp1"]


def test_api_refuses_other_subtree_and_bad_input(api, tree, make_user):
    client = api.as_user(make_user(Role.INSPECTOR, [tree.q3]))
    other = client.post("/api/v1/rule-runs/", {
        "scope": tree.cuchi.pk, "period_start": "2019-01-01", "period_end": "2019-12-31"}, format="json")
    assert other.status_code == 400 and "scope" in other.json()["error"]["fields"]
    backwards = client.post("/api/v1/rule-runs/", {
        "scope": tree.q3.pk, "period_start": "2019-12-31", "period_end": "2019-01-01"}, format="json")
    assert backwards.status_code == 400 and "period_end" in backwards.json()["error"]["fields"]
    unknown = client.post("/api/v1/rule-runs/", {
        "scope": tree.q3.pk, "period_start": "2019-01-01", "period_end": "2019-12-31", "rule_codes": ["XX-9"]},
        format="json")
    assert unknown.status_code == 400
    assert RuleCheckRun.objects.count() == 0


def test_leader_cannot_start_a_run(api, tree, make_user):
    response = api.as_user(make_user(Role.LEADER, [tree.q3])).post("/api/v1/rule-runs/", {
        "scope": tree.q3.pk, "period_start": "2019-01-01", "period_end": "2019-12-31"}, format="json")
    assert response.status_code == 403


def test_results_by_topic_put_breaches_first(tree, make_user):
    from rules.selectors import results_by_topic

    tree.cuchi_cell.name = "Chi bộ Ấp Trung, xã Tân Thông Hội"
    tree.cuchi_cell.save()
    finished = run(tree.city)
    [group] = results_by_topic(user=make_user(Role.LEADER, [tree.city]), run=finished)
    assert [(r.organization_id, r.outcome) for r in group["results"]] == [
        (tree.cuchi_cell.pk, Outcome.BREACH), (tree.q3_cell.pk, Outcome.PASS)]

"""The rules API around inspections: runs from an inspection (through the
task), results by topic, breach matrix, latest breaches, breach → finding.
Access, scope, structured errors and bounded query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspection.models import Finding
from organizations.choices import OrganizationKind as K
from organizations.choices import Role
from rules.models import RuleCheckResult, RuleCheckRun
from tests.factories import OrganizationFactory
from tests.inspection.factories import walk
from tests.organizations.factories import CellMeetingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db


def start(client, body, capture):
    with capture(execute=True):
        return client.post("/api/v1/rule-runs/", body, format="json")


def test_run_from_an_inspection_goes_through_the_task(api, tree, board, joint, django_capture_on_commit_callbacks):
    client = api.as_user(board)
    response = start(client, {"inspection": joint.pk}, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["inspection"], body["inspection_code"], body["scope"]) == (joint.pk, joint.code, tree.city.pk)
    assert [t["code"] for t in body["targets"]] == ["q3", "cc"]
    assert (body["period_start"], body["period_end"], body["rule_codes"]) == (
        "2018-01-01", "2018-12-31", ["CM-1", "CM-2", "CM-3", "CM-5", "CM-6", "CM-7"])
    assert body["status"] == "queued"  # the response is written before the task runs
    detail = client.get(f"/api/v1/rule-runs/{body['id']}/").json()
    assert (detail["status"], detail["progress"], detail["breaches"], detail["warnings"]) == ("done", 100, 0, 1)
    # CM-1 in Quận 3 ([S]: a warning); its only meeting (05/01/2018) predates HD 12: CM-2 does not judge it
    assert client.get("/api/v1/rule-runs/", {"inspection": joint.pk}).json()["count"] == 1


def test_run_input_errors_are_structured(api, tree, board, joint, django_capture_on_commit_callbacks):
    client = api.as_user(board)
    both = start(client, {"inspection": joint.pk, "scope": tree.q3.pk}, django_capture_on_commit_callbacks)
    assert both.status_code == 400 and list(both.json()["error"]["fields"]) == ["scope"]
    neither = start(client, {"period_start": "2018-01-01"}, django_capture_on_commit_callbacks)
    assert neither.status_code == 400 and set(neither.json()["error"]["fields"]) == {"scope", "period_end"}
    unknown = start(client, {"inspection": joint.pk, "rule_codes": ["XX-1"]}, django_capture_on_commit_callbacks)
    assert unknown.status_code == 400 and "rule_codes" in unknown.json()["error"]["fields"]
    assert RuleCheckRun.objects.count() == 0


def test_quan3_cannot_run_on_cuchi_and_leader_cannot_run(api, tree, make_user, board,
                                                         django_capture_on_commit_callbacks):
    cuchi_only = walk(tree, board, targets=[tree.cuchi], topics=("cell_meetings",)).inspection
    q3 = api.as_user(make_user(organizations=[tree.q3]))
    response = start(q3, {"inspection": cuchi_only.pk}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "inspection" in response.json()["error"]["fields"]
    leader = api.as_user(make_user(Role.LEADER, [tree.city]))
    assert start(leader, {"inspection": cuchi_only.pk}, django_capture_on_commit_callbacks).status_code == 403
    assert RuleCheckRun.objects.count() == 0


def test_by_topic_and_matrix(api, tree, board, joint):
    run = run_rules(tree.city, Y2018, ["CM-1", "QR-1"])
    client = api.as_user(board)
    groups = client.get(f"/api/v1/rule-runs/{run.pk}/by-topic/").json()
    assert [(g["topic"], g["counts"]) for g in groups] == [
        ("quality_rating", {"insufficient_data": 2}), ("cell_meetings", {"warning": 1, "insufficient_data": 1})]
    assert groups[1]["results"][0]["organization"]["code"] == "q3-vts-kp1"
    assert groups[1]["results"][0]["sentence"].startswith("Có 11/12 tháng không sinh hoạt thường kỳ")
    matrix = client.get(f"/api/v1/rule-runs/{run.pk}/matrix/").json()
    assert matrix["totals"]["CM-1"] == {"warning": 1, "insufficient_data": 1}
    assert [row["code"] for row in matrix["organizations"]] == ["q3-vts", "q3-vts-kp1", "cc-tth", "cc-tth-at"]


def test_runs_of_the_city_are_not_readable_by_quan3_but_their_results_are(api, tree, make_user):
    run = run_rules(tree.city, Y2018, ["CM-1"])
    client = api.as_user(make_user(Role.LEADER, [tree.q3]))
    assert client.get(f"/api/v1/rule-runs/{run.pk}/").status_code == 404
    assert client.get(f"/api/v1/rule-runs/{run.pk}/by-topic/").status_code == 404
    results = client.get("/api/v1/rule-results/", {"run": run.pk}).json()["results"]
    assert [r["organization"]["code"] for r in results] == ["q3-vts-kp1"]
    cuchi_result = run.results.get(organization=tree.cuchi_cell)
    assert client.get(f"/api/v1/rule-results/{cuchi_result.pk}/").status_code == 404


def test_breach_to_finding(api, tree, board, joint):
    run = run_rules(tree.city, Y2018, ["CM-1"])
    run.inspection = joint
    run.save()
    result = run.results.get(organization=tree.q3_cell)
    client = api.as_user(board)
    response = client.post(f"/api/v1/rule-results/{result.pk}/to-finding/", {
        "severity": "minor", "tags": ["Sinh hoạt không đều"]}, format="json")
    assert response.status_code == 201, response.json()
    finding = response.json()
    assert (finding["inspection"], finding["organization"], finding["topic"], finding["kind"], finding["severity"],
            finding["tags"]) == (joint.pk, tree.q3.pk, "cell_meetings", "limitation", "minor",
                                 ["sinh-hoat-khong-deu"])
    assert finding["text"] == f"Chi bộ Khu phố 1: {result.sentence}"
    assert client.get(f"/api/v1/rule-results/{result.pk}/").json()["finding"] == finding["id"]
    assert client.get("/api/v1/rule-results/", {"run": run.pk, "recorded": True}).json()["count"] == 1
    again = client.post(f"/api/v1/rule-results/{result.pk}/to-finding/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_recorded"
    not_breach = run.results.get(organization=tree.cuchi_cell)
    refused = client.post(f"/api/v1/rule-results/{not_breach.pk}/to-finding/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "not_a_breach"
    assert Finding.objects.count() == 1


def test_breach_to_finding_needs_an_inspection_and_valid_input(api, tree, board, joint):
    run = run_rules(tree.city, Y2018, ["CM-1"])
    result = run.results.get(organization=tree.q3_cell)
    client = api.as_user(board)
    missing = client.post(f"/api/v1/rule-results/{result.pk}/to-finding/", {}, format="json")
    assert missing.status_code == 400 and "inspection" in missing.json()["error"]["fields"]
    bad = client.post(f"/api/v1/rule-results/{result.pk}/to-finding/", {
        "inspection": joint.pk, "severity": "catastrophic"}, format="json")
    assert bad.status_code == 400 and "severity" in bad.json()["error"]["fields"]
    chosen = client.post(f"/api/v1/rule-results/{result.pk}/to-finding/", {
        "inspection": joint.pk, "text": "Sinh hoạt thường kỳ không đều."}, format="json")
    assert chosen.status_code == 201 and chosen.json()["text"] == "Sinh hoạt thường kỳ không đều."


def test_breach_to_finding_access(api, tree, make_user, board, joint):
    run = run_rules(tree.city, Y2018, ["CM-1"])
    run.inspection = joint
    run.save()
    q3_result = run.results.get(organization=tree.q3_cell)
    cuchi_result = run.results.get(organization=tree.cuchi_cell)
    RuleCheckResult.objects.filter(pk=cuchi_result.pk).update(outcome="breach")
    url = "/api/v1/rule-results/{}/to-finding/"
    assert api.post(url.format(q3_result.pk), {}, format="json").status_code in (401, 403)
    leader = api.as_user(make_user(Role.LEADER, [tree.city]))
    denied = leader.post(url.format(q3_result.pk), {}, format="json")
    assert denied.status_code == 403 and "error" in denied.json()
    q3 = api.as_user(make_user(organizations=[tree.q3]))
    hidden = q3.post(url.format(cuchi_result.pk), {}, format="json")
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert not Finding.objects.exists()
    assert q3.post(url.format(q3_result.pk), {}, format="json").status_code == 201


def district_with_cells(n):
    root = OrganizationFactory(kind=K.URBAN_DISTRICT)
    ward = OrganizationFactory(parent=root)
    for _ in range(n):
        cell = OrganizationFactory(kind=K.SUBORDINATE_CELL, parent=ward)
        CellMeetingFactory(cell=cell, date=D(2018, 1, 5))
    return root


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_result_list_and_by_topic_query_counts_do_not_grow(api, make_user):
    small, large = district_with_cells(1), district_with_cells(20)
    runs = {n: run_rules(root, Y2018, ["CM-1", "CM-2"]) for n, root in ((1, small), (20, large))}
    assert runs[20].results.count() == 40
    client = api.as_user(make_user(organizations=[small, large]))
    count_queries(client, "/api/v1/rule-results/", {"run": runs[1].pk})  # warm the per-process caches
    lists = [count_queries(client, "/api/v1/rule-results/", {"run": runs[n].pk}) for n in (1, 20)]
    assert lists[0] == lists[1]
    grouped = [count_queries(client, f"/api/v1/rule-runs/{runs[n].pk}/by-topic/") for n in (1, 20)]
    assert grouped[0] == grouped[1]
    runs_list = count_queries(client, "/api/v1/rule-runs/")
    run_rules(large, Y2018, ["CM-1"])
    assert count_queries(client, "/api/v1/rule-runs/") == runs_list


def test_latest_breaches_endpoint(api, tree, make_user):
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    run = run_rules(tree.city, Y2018, ["CM-1"])
    client = api.as_user(make_user(Role.LEADER, [tree.q3]))
    body = client.get("/api/v1/rule-runs/latest-breaches/", {"scope": tree.q3.pk, "year": 2018}).json()
    assert body["run"]["id"] == run.pk
    assert (body["counts"], body["warnings"]) == ({"CM-1": 0}, {"CM-1": 1})  # CM-1 [S]: a warning
    assert body["organizations"] == [{"id": tree.q3_cell.pk, "code": "q3-vts-kp1", "name": "Chi bộ Khu phố 1",
                                      "rules": [], "warnings": ["CM-1"]}]
    outside = client.get("/api/v1/rule-runs/latest-breaches/", {"scope": tree.cuchi.pk, "year": 2018})
    assert outside.status_code == 400 and "scope" in outside.json()["error"]["fields"]
    no_year = client.get("/api/v1/rule-runs/latest-breaches/", {"scope": tree.q3.pk, "year": "năm"})
    assert no_year.status_code == 400 and "year" in no_year.json()["error"]["fields"]
    assert api.as_user(make_user(Role.REPORTER, [tree.q3])).get(
        "/api/v1/rule-runs/latest-breaches/", {"scope": tree.q3.pk, "year": 2018}).status_code == 200

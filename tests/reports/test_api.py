import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import Role
from reports.choices import ReportStatus
from reports.models import Report
from reports.services import report_generate

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


@pytest.fixture
def q3_inspector(make_user, tree):
    return make_user(Role.INSPECTOR, [tree.q3])


@pytest.fixture
def done_report(tree, fast_kind):
    report = ReportFactory(scope=tree.q3_ward, period_key="2019")
    return report_generate(report_id=report.pk)


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_is_refused(api, tree):
    assert api.get(URL).status_code in (401, 403)


def test_list_shows_only_reports_in_scope(api, tree, q3_inspector, fast_kind):
    mine = ReportFactory(scope=tree.q3_cell)
    ReportFactory(scope=tree.cuchi)
    ReportFactory(scope=tree.city)  # city-wide: above a Quận 3 user's scope
    response = api.as_user(q3_inspector).get(URL)
    assert response.status_code == 200 and ids(response) == {mine.pk}


def test_list_filters(api, tree, make_user, fast_kind):
    user = make_user(Role.LEADER, [tree.city])
    q3 = ReportFactory(scope=tree.q3_ward, period_key="2019", status=ReportStatus.DONE)
    cuchi = ReportFactory(scope=tree.cuchi, period_key="2020")
    client = api.as_user(user)
    assert ids(client.get(URL, {"within": tree.q3.pk})) == {q3.pk}
    assert ids(client.get(URL, {"status": ["queued", "running"]})) == {cuchi.pk}
    assert ids(client.get(URL, {"period": "2019"})) == {q3.pk}
    assert ids(client.get(URL, {"period_from": "2020-01-01"})) == {cuchi.pk}
    assert ids(client.get(URL, {"kind": "test_fast", "scope": tree.cuchi.pk})) == {cuchi.pk}
    assert client.get(URL, {"within": tree.city.pk, "kind": "nope"}).status_code == 400


def test_list_query_count_does_not_grow_with_rows(api, tree, make_user, fast_kind):
    user = make_user(Role.LEADER, [tree.city])
    client = api.as_user(user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    first = report_generate(report_id=ReportFactory(scope=tree.q3, requested_by=user).pk)
    assert first.files.count() == 2
    count()  # warm the user's cached scope paths
    one = count()
    for i in range(19):
        report = ReportFactory(scope=tree.cuchi if i % 2 else tree.q3_ward, requested_by=user)
        report_generate(report_id=report.pk)
    twenty = count()
    assert len(client.get(URL).json()["results"]) == 20
    assert one == twenty == 3  # count, page, files


def test_retrieve_outside_scope_is_404(api, tree, q3_inspector, fast_kind):
    other = ReportFactory(scope=tree.cuchi)
    assert api.as_user(q3_inspector).get(f"{URL}{other.pk}/").status_code == 404


def test_retrieve_shows_progress_error_and_file_links(api, tree, q3_inspector, done_report):
    body = api.as_user(q3_inspector).get(f"{URL}{done_report.pk}/").json()
    assert (body["status"], body["progress"], body["kind_label"], body["scope"]["code"]) == (
        "done", 100, "Báo cáo thử", "q3-vts"
    )
    assert [f["format"] for f in body["files"]] == ["docx", "xlsx"]
    docx = done_report.files.get(format="docx")
    assert body["files"][0]["url"] == f"http://testserver/files/report/{docx.pk}/"


def test_request_returns_the_queued_report_then_the_same_one(
    api, tree, q3_inspector, fast_kind, django_capture_on_commit_callbacks
):
    client = api.as_user(q3_inspector)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, {"kind": "test_fast", "scope": tree.q3_ward.pk, "period": "2019"}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["period_end"], body["requested_by"]) == (
        "queued", 1, "2019-12-31", q3_inspector.username
    )
    assert len(callbacks) == 1
    again = client.post(URL, {"kind": "test_fast", "scope": tree.q3_ward.pk, "period": "2019"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    regen = client.post(URL, {"kind": "test_fast", "scope": tree.q3_ward.pk, "period": "2019", "regenerate": True},
                        format="json")
    assert regen.status_code == 409 and regen.json()["error"]["code"] == "report_active"


def test_request_with_a_date_range(api, tree, q3_inspector, fast_kind):
    response = api.as_user(q3_inspector).post(
        URL, {"kind": "test_fast", "scope": tree.q3.pk, "period_start": "2019-01-01", "period_end": "2019-06-30"},
        format="json",
    )
    assert response.status_code == 202 and response.json()["period_key"] == "2019-01-01..2019-06-30"


def test_request_generates_in_the_background_and_the_file_downloads(
    api, tree, q3_inspector, fast_kind, django_capture_on_commit_callbacks
):
    client = api.as_user(q3_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        report_id = client.post(URL, {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019"}).json()["id"]
    response = client.get(f"{URL}{report_id}/files/xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "test_fast-q3-2019-v1.xlsx" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content[:2] == b"PK" and len(content) == Report.objects.get().files.get(format="xlsx").size
    assert client.get(f"{URL}{report_id}/files/pdf/").status_code == 404  # this kind makes no PDF


@pytest.mark.parametrize("payload, field", [
    ({"kind": "test_fast", "period": "2019-13"}, "period"),
    ({"kind": "nope", "period": "2019"}, "kind"),
    ({"kind": "test_fast"}, "period"),
])
def test_bad_requests_get_structured_vietnamese_errors(api, tree, q3_inspector, fast_kind, payload, field):
    response = api.as_user(q3_inspector).post(URL, {**payload, "scope": tree.q3.pk}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"] and error["message"]
    assert not Report.objects.exists()


def test_cannot_request_for_another_subtree(api, tree, q3_inspector, fast_kind):
    response = api.as_user(q3_inspector).post(URL, {"kind": "test_fast", "scope": tree.cuchi.pk, "period": "2019"})
    assert response.status_code == 400 and "scope" in response.json()["error"]["fields"]
    assert not Report.objects.exists()


def test_leader_may_request_reporter_may_not(api, tree, make_user, fast_kind):
    leader = make_user(Role.LEADER, [tree.q3])
    reporter = make_user(Role.REPORTER, [tree.q3])
    payload = {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019"}
    assert api.as_user(reporter).post(URL, payload).status_code == 403
    assert api.as_user(leader).post(URL, payload).status_code == 202
    assert api.as_user(reporter).get(URL).status_code == 200  # reading is allowed


def test_reports_cannot_be_edited_or_deleted_through_the_api(api, tree, q3_inspector, fast_kind):
    report = ReportFactory(scope=tree.q3)
    client = api.as_user(q3_inspector)
    assert client.patch(f"{URL}{report.pk}/", {"status": "done"}).status_code == 405
    assert client.delete(f"{URL}{report.pk}/").status_code == 405


def test_download_outside_scope_is_404(api, tree, make_user, done_report):
    cuchi_leader = make_user(Role.LEADER, [tree.cuchi])
    assert api.as_user(cuchi_leader).get(f"{URL}{done_report.pk}/files/docx/").status_code == 404
    city_leader = make_user(Role.LEADER, [tree.city])
    assert api.as_user(city_leader).get(f"{URL}{done_report.pk}/files/docx/").status_code == 200


def test_q3_user_cannot_see_or_download_a_city_wide_report(api, tree, make_user, fast_kind):
    city_report = report_generate(report_id=ReportFactory(scope=tree.city).pk)
    leader = make_user(Role.LEADER, [tree.q3])
    client = api.as_user(leader)
    assert client.get(f"{URL}{city_report.pk}/").status_code == 404
    assert client.get(f"{URL}{city_report.pk}/files/xlsx/").status_code == 404
    assert client.post(f"{URL}{city_report.pk}/regenerate/").status_code == 404


def test_retry_a_failed_report(api, tree, q3_inspector, fast_kind, django_capture_on_commit_callbacks):
    report = ReportFactory(scope=tree.q3, status=ReportStatus.FAILED, error="ValueError: x")
    client = api.as_user(q3_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{report.pk}/retry/")
    assert response.status_code == 202 and response.json()["error"] == ""
    report.refresh_from_db()
    assert report.status == "done"
    again = client.post(f"{URL}{report.pk}/retry/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"


def test_regenerate_makes_a_new_version(api, tree, q3_inspector, done_report):
    response = api.as_user(q3_inspector).post(f"{URL}{done_report.pk}/regenerate/")
    assert response.status_code == 202
    assert (response.json()["version"], response.json()["status"]) == (2, "queued")
    assert Report.objects.filter(scope=done_report.scope).count() == 2


def test_reporter_cannot_retry(api, tree, make_user, fast_kind):
    report = ReportFactory(scope=tree.q3, status=ReportStatus.FAILED)
    reporter = make_user(Role.REPORTER, [tree.q3])
    assert api.as_user(reporter).post(f"{URL}{report.pk}/retry/").status_code == 403

import pytest
from django.urls import reverse

from organizations.choices import Role
from reports.choices import ReportStatus
from reports.models import Report
from reports.services import report_generate

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3_client(login, make_user, tree):
    return login(make_user(Role.INSPECTOR, [tree.q3]))


def test_list_shows_reports_in_scope_and_the_request_form(q3_client, tree, fast_kind):
    mine = ReportFactory(scope=tree.q3_ward, period_key="2019")
    ReportFactory(scope=tree.cuchi, period_key="2018")
    response = q3_client.get(reverse("reports:report-list"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [mine]
    assert response.context["form"] is not None
    assert "Củ Chi" not in response.context["form"].fields["scope"].queryset.values_list("name", flat=True)


def test_reporter_sees_no_request_form(login, make_user, tree, fast_kind):
    client = login(make_user(Role.REPORTER, [tree.q3]))
    response = client.get(reverse("reports:report-list"))
    assert response.status_code == 200 and "form" not in response.context
    assert client.post(reverse("reports:report-request"), {}).status_code == 403


def test_request_form_queues_and_redirects_to_the_progress_page(
    q3_client, tree, fast_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = q3_client.post(
            reverse("reports:report-request"), {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019"}
        )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:report-detail", args=[report.pk])
    assert len(callbacks) == 1
    page = q3_client.get(response["Location"])
    html = page.content.decode()
    assert 'hx-trigger="every 2s"' in html and reverse("reports:report-progress", args=[report.pk]) in html
    assert 'class="progress"' in html


def test_request_form_shows_errors_without_saving(q3_client, tree, fast_kind):
    response = q3_client.post(
        reverse("reports:report-request"), {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019-13"}
    )
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ." in response.content.decode()
    assert not Report.objects.exists()


def test_progress_partial_polls_while_running_and_stops_with_links_when_done(q3_client, tree, fast_kind):
    report = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=40)
    url = reverse("reports:report-progress", args=[report.pk])
    running = q3_client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in running and "40%" in running and 'aria-valuenow="40"' in running
    report.status, report.progress = ReportStatus.QUEUED, 0
    report.save()
    report_generate(report_id=report.pk)
    done = q3_client.get(url).content.decode()
    assert "hx-trigger" not in done and "100%" in done
    assert reverse("reports:report-file", args=[report.pk, "docx"]) in done


def test_failed_report_shows_its_error_and_can_be_retried(
    q3_client, tree, fast_kind, django_capture_on_commit_callbacks
):
    report = ReportFactory(scope=tree.q3, status=ReportStatus.FAILED, error="ValueError: thiếu dữ liệu")
    page = q3_client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "ValueError: thiếu dữ liệu" in page and reverse("reports:report-retry", args=[report.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = q3_client.post(reverse("reports:report-retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "done"


def test_regenerate_from_the_page(q3_client, tree, fast_kind):
    report = report_generate(report_id=ReportFactory(scope=tree.q3).pk)
    response = q3_client.post(reverse("reports:report-regenerate", args=[report.pk]))
    new = Report.objects.get(version=2)
    assert response["Location"] == reverse("reports:report-detail", args=[new.pk])


def test_download_and_scope(q3_client, login, make_user, tree, fast_kind):
    report = report_generate(report_id=ReportFactory(scope=tree.q3_ward).pk)
    response = q3_client.get(reverse("reports:report-file", args=[report.pk, "docx"]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    assert q3_client.get(reverse("reports:report-file", args=[report.pk, "exe"])).status_code == 404
    client = login(make_user(Role.LEADER, [tree.cuchi]))
    for name in ("reports:report-detail", "reports:report-progress"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:report-file", args=[report.pk, "docx"])).status_code == 404
    assert client.post(reverse("reports:report-regenerate", args=[report.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("reports:report-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

"""«Thử lại» on the reports pages: shown for failed reports and for reports
whose task is gone, to users who may request reports; a CSRF-checked POST
calling the API's service (a live task is refused with its message)."""
import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organizations.choices import Role
from organizations.models import User
from reports.choices import ReportStatus

from .factories import ReportFactory

pytestmark = pytest.mark.django_db
RETRY = "Thử lại"


def ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def logged_in(user, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(User.objects.get(pk=user.pk))
    return client


def retry_forms(html):
    """The report ids of the retry forms on the page."""
    return [int(pk) for pk in re.findall(r'<form method="post" action="/reports/(\d+)/retry/"', html)]


@pytest.fixture
def reports(tree, fast_kind):
    return {
        "failed": ReportFactory(scope=tree.q3, status=ReportStatus.FAILED, error="ValueError: thiếu dữ liệu"),
        "lost": ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=70, heartbeat_at=ago(11)),
        "alive": ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=70, heartbeat_at=ago(1)),
        "done": ReportFactory(scope=tree.q3, status=ReportStatus.DONE, progress=100),
    }


def test_the_list_offers_retry_for_failed_and_lost_reports(make_user, tree, reports):
    page = logged_in(make_user(Role.INSPECTOR, [tree.q3])).get(reverse("reports:report-list")).content.decode()
    assert sorted(retry_forms(page)) == sorted([reports["failed"].pk, reports["lost"].pk])
    assert page.count(RETRY) == 2 and 'name="csrfmiddlewaretoken"' in page


def test_the_list_offers_no_retry_to_who_may_not_request_reports(make_user, tree, reports):
    page = logged_in(make_user(Role.REPORTER, [tree.q3])).get(reverse("reports:report-list")).content.decode()
    assert retry_forms(page) == [] and "ValueError" not in page
    leader = logged_in(make_user(Role.LEADER, [tree.q3])).get(reverse("reports:report-list")).content.decode()
    assert len(retry_forms(leader)) == 2  # leaders may ask for reports


def test_retry_from_the_list_with_csrf_makes_the_report(make_user, tree, reports, django_capture_on_commit_callbacks):
    client = logged_in(make_user(Role.INSPECTOR, [tree.q3]), csrf=True)
    url = reverse("reports:report-retry", args=[reports["failed"].pk])
    assert client.post(url).status_code == 403  # no token
    client.get(reverse("reports:report-list"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:report-detail", args=[reports["failed"].pk])
    assert "Đã đưa báo cáo vào hàng chờ để lập lại." in response.content.decode()
    reports["failed"].refresh_from_db()
    assert (reports["failed"].status, reports["failed"].error, reports["failed"].attempts) == ("done", "", 1)


def test_a_lost_report_page_explains_and_retries(make_user, tree, reports, django_capture_on_commit_callbacks):
    client = logged_in(make_user(Role.INSPECTOR, [tree.q3]))
    lost = reports["lost"]
    page = client.get(reverse("reports:report-detail", args=[lost.pk])).content.decode()
    assert "Không nhận được tín hiệu hoạt động của việc lập báo cáo từ" in page and retry_forms(page) == [lost.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-retry", args=[lost.pk]))
    lost.refresh_from_db()
    assert (lost.status, lost.progress) == ("done", 100)


def test_a_live_report_offers_no_retry_and_a_forced_post_is_refused(make_user, tree, reports):
    client = logged_in(make_user(Role.INSPECTOR, [tree.q3]))
    alive = reports["alive"]
    page = client.get(reverse("reports:report-detail", args=[alive.pk])).content.decode()
    assert retry_forms(page) == [] and 'hx-trigger="every 2s"' in page
    response = client.post(reverse("reports:report-retry", args=[alive.pk]), follow=True)
    assert "Báo cáo đang được lập (tín hiệu hoạt động gần nhất lúc" in response.content.decode()
    alive.refresh_from_db()
    assert (alive.status, alive.progress) == ("running", 70)


def test_the_polled_progress_shows_retry_once_the_report_failed(make_user, tree, reports):
    """Watching the page while the sweeper fails the report: the button comes with the partial."""
    from reports.tasks import sweep_stale_tasks

    client = logged_in(make_user(Role.INSPECTOR, [tree.q3]))
    lost = reports["lost"]
    sweep_stale_tasks.delay().get()
    partial = client.get(reverse("reports:report-progress", args=[lost.pk])).content.decode()
    assert "hx-trigger" not in partial and "bị gián đoạn" in partial and retry_forms(partial) == [lost.pk]
    reporter = logged_in(make_user(Role.REPORTER, [tree.q3]))
    assert retry_forms(reporter.get(reverse("reports:report-progress", args=[lost.pk])).content.decode()) == []

import pytest
from django.urls import reverse

from organizations.choices import Role
from reports.choices import ReportStatus

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3_admin_client(login, make_user, tree):
    return login(make_user(Role.INSPECTOR, [tree.q3]))


def test_changelist_is_scoped(q3_admin_client, tree, fast_kind):
    mine = ReportFactory(scope=tree.q3_ward)
    ReportFactory(scope=tree.cuchi)
    response = q3_admin_client.get(reverse("admin:reports_report_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [mine]


def test_change_page_of_another_subtree_is_not_found(q3_admin_client, tree, fast_kind):
    other = ReportFactory(scope=tree.cuchi)
    response = q3_admin_client.get(reverse("admin:reports_report_change", args=[other.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    mine = ReportFactory(scope=tree.q3)
    assert q3_admin_client.get(reverse("admin:reports_report_change", args=[mine.pk])).status_code == 200


def test_reports_are_not_added_or_deleted_by_hand_in_admin(q3_admin_client, tree, fast_kind):
    assert q3_admin_client.get(reverse("admin:reports_report_add")).status_code == 403
    mine = ReportFactory(scope=tree.q3)
    response = q3_admin_client.post(reverse("admin:reports_report_delete", args=[mine.pk]), {"post": "yes"})
    assert response.status_code == 403
    mine.refresh_from_db()  # still there


def test_retry_action_only_touches_failed_reports_in_scope(
    q3_admin_client, tree, fast_kind, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    failed = ReportFactory(scope=tree.q3, status=ReportStatus.FAILED, error="x")
    done = ReportFactory(scope=tree.q3, status=ReportStatus.DONE, progress=100)
    other = ReportFactory(scope=tree.cuchi, status=ReportStatus.FAILED, error="x")
    lost = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=70,
                         heartbeat_at=timezone.now() - datetime.timedelta(minutes=11))
    alive = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=70)
    with django_capture_on_commit_callbacks(execute=True):
        q3_admin_client.post(reverse("admin:reports_report_changelist"), {
            "action": "retry", "_selected_action": [failed.pk, done.pk, other.pk, lost.pk, alive.pk],
        })
    for report in (failed, done, other, lost, alive):
        report.refresh_from_db()
    assert (failed.status, done.status, other.status, lost.status, alive.status) == (
        "done", "done", "failed", "done", "running")


def test_leader_cannot_use_the_retry_action(login, make_user, tree, fast_kind):
    client = login(make_user(Role.LEADER, [tree.q3]))
    failed = ReportFactory(scope=tree.q3, status=ReportStatus.FAILED, error="x")
    client.post(reverse("admin:reports_report_changelist"), {
        "action": "retry", "_selected_action": [failed.pk],
    })
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_notification_log_admin_is_read_only_and_scoped(q3_admin_client, tree):
    import datetime

    from reports.notifications import notify_once

    for org in (tree.q3, tree.cuchi):
        report = ReportFactory(kind="x", scope=org)
        notify_once(recipient_email="a@b.local", reason="overdue", obj=report, day=datetime.date(2019, 7, 1),
                    subject="s", body="b")
    response = q3_admin_client.get(reverse("admin:reports_notificationlog_changelist"))
    assert [log.organization for log in response.context["cl"].queryset] == [tree.q3]
    assert q3_admin_client.get(reverse("admin:reports_notificationlog_add")).status_code == 403

import datetime

import pytest
from django.core import mail

from organizations.choices import Role
from reports.models import NotificationLog
from reports.notifications import notify_once, notify_report_ready, staff_covering

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 6, 23)


def send(obj, **kwargs):
    values = {"recipient_email": "baocao@cuchi.local", "reason": "due_7", "obj": obj, "day": DAY,
              "subject": "Yêu cầu sắp đến hạn", "body": "Còn 7 ngày đến hạn khắc phục."}
    values.update(kwargs)
    return notify_once(**values)


def test_the_same_notification_is_sent_once(tree):
    report = ReportFactory(kind="x", scope=tree.cuchi)
    first = send(report)
    second = send(report)
    assert first is not None and second is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["baocao@cuchi.local"] and mail.outbox[0].subject == "Yêu cầu sắp đến hạn"
    assert NotificationLog.objects.get().organization == tree.cuchi  # found through the object's scope


def test_another_reason_day_or_recipient_is_another_notification(tree):
    report = ReportFactory(kind="x", scope=tree.cuchi)
    send(report)
    send(report, reason="due_1")
    send(report, day=DAY + datetime.timedelta(days=1))
    send(report, recipient_email="other@cuchi.local")
    send(report, recipient_email="BaoCao@CuChi.local")  # same address, other case
    assert len(mail.outbox) == 4 and NotificationLog.objects.count() == 4


def test_a_failed_send_leaves_no_log_so_the_retry_sends(tree, monkeypatch):
    report = ReportFactory(kind="x", scope=tree.cuchi)
    from reports import notifications

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send(report)
    assert not NotificationLog.objects.exists()
    monkeypatch.undo()
    assert send(report) is not None and len(mail.outbox) == 1


def test_report_ready_goes_to_the_requester(tree, make_user):
    user = make_user(Role.LEADER, [tree.q3], email="lanhdao@q3.local")
    report = ReportFactory(kind="x", scope=tree.q3, requested_by=user, period_key="2020-06-30")
    assert notify_report_ready(report=report, day=DAY) == 1
    assert notify_report_ready(report=report, day=DAY) == 0
    assert mail.outbox[0].to == ["lanhdao@q3.local"] and f"/reports/{report.pk}/" in mail.outbox[0].body
    assert "kỳ 30/06/2020" in mail.outbox[0].body and "2020-06-30" not in mail.outbox[0].body  # never the ISO key


def test_scheduled_report_goes_to_the_board_staff_covering_its_scope(tree, make_user):
    city = make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    q3 = make_user(Role.TEAM_LEADER, [tree.q3], email="truongdoan@btctu.local")
    make_user(Role.INSPECTOR, [tree.cuchi], email="cuchi@btctu.local")  # other subtree
    make_user(Role.LEADER, [tree.city], email="lanhdao@tu.local")  # not Board staff
    make_user(Role.INSPECTOR, [tree.city], email="")  # no address
    make_user(Role.INSPECTOR, [tree.city], email="old@btctu.local", is_active=False)
    assert list(staff_covering(tree.q3_ward)) == sorted([city, q3], key=lambda u: u.username)
    report = ReportFactory(kind="x", scope=tree.q3_ward, requested_by_schedule="overdue_digest:q3")
    assert notify_report_ready(report=report, day=DAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["chuyenvien@btctu.local", "truongdoan@btctu.local"]

"""The daily deadline reminders: who gets what, and never twice."""
import pytest
from django.core import mail

from inspection import services
from inspection.choices import InspectionStatus
from organizations.choices import Role
from reports import notifications
from reports.models import NotificationLog
from reports.notifications import deadline_reason, notify_requirement_deadlines
from reports.tasks import notify_requirement_deadlines as task
from tests.inspection.factories import walk

from .factories import D, issued, verify

pytestmark = pytest.mark.django_db
DAY = D(2019, 6, 23)


@pytest.mark.parametrize(("deadline", "reason"), [
    (D(2019, 6, 30), "due_7"), (D(2019, 6, 24), "due_1"), (D(2019, 6, 22), "overdue"), (D(2019, 6, 15), "overdue"),
    (D(2019, 6, 8), "overdue"), (D(2019, 6, 23), None), (D(2019, 6, 26), None), (D(2019, 6, 20), None),
    (D(2019, 6, 16), None),
])
def test_reminder_days(deadline, reason):
    """7 days and 1 day before; the day after the deadline, then weekly."""
    assert deadline_reason(deadline, DAY) == reason


@pytest.fixture
def people(tree, make_user):
    return {
        "q3": make_user(Role.REPORTER, [tree.q3], email="baocao@q3.local"),
        "q3_ward": make_user(Role.REPORTER, [tree.q3_ward], email="baocao@vts.local"),
        "cuchi": make_user(Role.REPORTER, [tree.cuchi], email="baocao@cuchi.local"),
        "city_board": make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local"),
        "q3_board": make_user(Role.TEAM_LEADER, [tree.q3], email="truongdoan@btctu.local"),
        "cuchi_board": make_user(Role.INSPECTOR, [tree.cuchi], email="cuchi@btctu.local"),
        "leader": make_user(Role.LEADER, [tree.city], email="lanhdao@tu.local"),
        "silent": make_user(Role.REPORTER, [tree.q3], email=""),
    }


@pytest.fixture
def requirements(tree, board, people):
    _i, _c, made = issued(tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 4, 1), requirements=[
        (tree.q3, "Còn 7 ngày.", D(2019, 6, 30)),
        {"organization": tree.q3, "responsible_organization": tree.q3_ward, "text": "Phường: còn 1 ngày.",
         "deadline": D(2019, 6, 24)},
        (tree.q3, "Quá hạn 3 ngày.", D(2019, 6, 20)),  # not a reminder day
        (tree.cuchi, "Củ Chi: quá hạn 8 ngày.", D(2019, 6, 15)),
        (tree.cuchi, "Củ Chi: đã hoàn thành.", D(2019, 6, 24)),
    ])
    verify(board, made[4], D(2019, 6, 1))
    # a draft notice's requirement is not in force: no reminder
    inspection = walk(tree, board, targets=[tree.q3], status=InspectionStatus.REPORTING).inspection
    draft = services.conclusion_create(user=board, inspection=inspection, summary="Dự thảo.")
    services.requirement_create(user=board, conclusion=draft, organization=tree.q3, text="Dự thảo: còn 7 ngày.",
                                deadline=D(2019, 6, 30))
    return made


def sent():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_reporters_covering_the_responsible_organization_are_reminded(tree, people, requirements):
    counts = notify_requirement_deadlines(day=DAY)
    assert counts == {"requirements": 3, "sent": 4, "digests": 3}
    reminders = [(to, subject) for to, subject in sent() if not subject.startswith("[Tổng hợp]")]
    assert reminders == [
        ("baocao@cuchi.local", "[Quá hạn] Yêu cầu khắc phục đã quá hạn 8 ngày (hạn 15/06/2019)"),
        ("baocao@q3.local", "[Nhắc hạn] Yêu cầu khắc phục còn 1 ngày đến hạn (24/06/2019)"),  # the ward is below Q3
        ("baocao@q3.local", "[Nhắc hạn] Yêu cầu khắc phục còn 7 ngày đến hạn (30/06/2019)"),
        ("baocao@vts.local", "[Nhắc hạn] Yêu cầu khắc phục còn 1 ngày đến hạn (24/06/2019)"),
    ]
    body = next(m.body for m in mail.outbox if m.to == ["baocao@cuchi.local"])
    assert "Kính gửi Huyện ủy Củ Chi" in body and "“Củ Chi: quá hạn 8 ngày.”" in body
    log = NotificationLog.objects.get(recipient="baocao@vts.local")
    assert (log.reason, log.day, log.organization, log.object_id) == ("due_1", DAY, tree.q3_ward, requirements[1].pk)


def test_the_board_gets_one_digest_of_its_scope(tree, people, requirements):
    notify_requirement_deadlines(day=DAY)
    digests = {m.to[0]: m for m in mail.outbox if m.subject.startswith("[Tổng hợp]")}
    assert set(digests) == {"chuyenvien@btctu.local", "truongdoan@btctu.local", "cuchi@btctu.local"}
    city = digests["chuyenvien@btctu.local"]
    assert city.subject == "[Tổng hợp] Nhắc hạn yêu cầu khắc phục ngày 23/06/2019: 3 yêu cầu"
    assert "Huyện ủy Củ Chi:\n- Củ Chi: quá hạn 8 ngày. (hạn 15/06/2019, quá hạn 8 ngày)" in city.body
    assert "Đảng ủy phường Võ Thị Sáu:\n- Phường: còn 1 ngày. (hạn 24/06/2019, còn 1 ngày)" in city.body
    q3 = digests["truongdoan@btctu.local"]
    assert q3.subject.endswith(": 2 yêu cầu") and "Củ Chi" not in q3.body
    assert "lanhdao@tu.local" not in {m.to[0] for m in mail.outbox}


def test_the_sweep_run_twice_sends_nothing_new_and_a_new_day_is_a_new_reminder(tree, people, requirements):
    first = notify_requirement_deadlines(day=DAY)
    outbox = sent()
    second = notify_requirement_deadlines(day=DAY)
    assert second == {"requirements": 3, "sent": 0, "digests": 0} and sent() == outbox
    assert first["sent"] + first["digests"] == len(outbox) == NotificationLog.objects.count() == 7
    # the next day: the one due on 24/6 is due tomorrow no more, nothing else is on its reminder day
    assert notify_requirement_deadlines(day=D(2019, 6, 24))["requirements"] == 0


def test_the_task_run_twice_through_celery_sends_one_set(tree, people, requirements):
    task.delay(DAY.isoformat())
    outbox = sent()
    task.delay(DAY.isoformat())
    assert sent() == outbox and len(outbox) == 7


def test_chunks_give_the_same_result(tree, people, requirements, monkeypatch):
    monkeypatch.setattr(notifications, "CHUNK", 1)
    assert notify_requirement_deadlines(day=DAY) == {"requirements": 3, "sent": 4, "digests": 3}


def test_a_failed_mail_is_sent_again_by_the_retry(tree, people, requirements, monkeypatch):
    calls = {"n": 0}
    real = notifications.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionRefusedError("smtp down")
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_mail", flaky)
    with pytest.raises(ConnectionRefusedError):
        notify_requirement_deadlines(day=DAY)
    assert len(mail.outbox) == 1
    notify_requirement_deadlines(day=DAY)  # what the task's retry does
    assert len(mail.outbox) == 7 == NotificationLog.objects.count()

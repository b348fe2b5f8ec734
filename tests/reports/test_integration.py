"""Reports made by a real worker (see tests/integration_helpers.py)."""
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from organizations.choices import Role
from reports.models import NotificationLog, Report
from reports.tasks import run_scheduled_report
from tests.integration_helpers import worker_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GENERATE = "reports.tasks.generate_report"
NOTIFY = "reports.tasks.notify_report_ready"
SCHEDULED = "reports.tasks.run_scheduled_report"


def test_report_requested_through_the_api_is_made_by_the_worker_and_downloads(
    api, tree, make_user, fast_kind, broker
):
    user = make_user(Role.LEADER, [tree.q3], email="lanhdao@q3.local")
    client = api.as_user(user)
    response = client.post("/api/v1/reports/", {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019"})
    assert response.status_code == 202 and response.json()["status"] == "queued"
    report_id = response.json()["id"]
    with worker_until(Counter({GENERATE: 1, NOTIFY: 1})) as finished:
        pass
    assert finished == Counter({GENERATE: 1, NOTIFY: 1})
    body = client.get(f"/api/v1/reports/{report_id}/").json()
    assert (body["status"], body["progress"], body["error"], body["attempts"]) == ("done", 100, "", 1)
    download = client.get(f"/api/v1/reports/{report_id}/files/docx/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    assert [m.to for m in mail.outbox] == [["lanhdao@q3.local"]]


def test_beat_entries_exist_and_a_scheduled_task_fired_twice_makes_one_report_and_one_set_of_emails(
    tree, make_user, fast_kind, broker
):
    make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    make_user(Role.TEAM_LEADER, [tree.q3], email="truongdoan@btctu.local")
    call_command("setup_schedules", "--scope", "q3")
    assert PeriodicTask.objects.filter(task=SCHEDULED).count() == 4

    first, second = run_scheduled_report.delay("test_fast", "q3"), run_scheduled_report.delay("test_fast", "q3")
    with worker_until(Counter({SCHEDULED: 2, GENERATE: 1, NOTIFY: 1})) as finished:
        pass
    assert finished == Counter({SCHEDULED: 2, GENERATE: 1, NOTIFY: 1})
    results = [first.get(timeout=5), second.get(timeout=5)]
    assert sorted(r["created"] for r in results) == [False, True] and results[0]["report"] == results[1]["report"]

    third = run_scheduled_report.delay("test_fast", "q3")  # beat firing again the same day
    with worker_until(Counter({SCHEDULED: 1})) as finished:
        pass
    assert third.get(timeout=5) == {"report": results[0]["report"], "created": False}
    assert finished == Counter({SCHEDULED: 1})  # no second generation, no second mail

    report = Report.objects.get()
    assert (report.status, report.attempts, report.requested_by_schedule) == ("done", 1, "test_fast:q3")
    assert fast_kind.calls == 1
    assert NotificationLog.objects.filter(object_id=report.pk).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["chuyenvien@btctu.local", "truongdoan@btctu.local"]


DEADLINES = "reports.tasks.notify_requirement_deadlines"


@pytest.fixture
def topics(db):
    """The topic the inspection walker uses: seeded by a migration, so gone after an earlier test's flush."""
    from inspection.models import Topic

    Topic.objects.get_or_create(code="quality_rating", defaults={
        "name": "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên", "order": 1})
SEED_REQUIREMENT = ("Định kỳ rà soát các tiêu chuẩn, điều kiện đối với cán bộ đã được phê duyệt quy hoạch để kịp thời "
                    "đào tạo, bồi dưỡng, luân chuyển, điều động để đáp ứng nhu cầu cán bộ khi tiến hành bổ nhiệm.")


def test_a_followup_requested_through_the_api_is_made_by_the_worker_and_downloads(
    api, tree, make_user, topics, broker
):
    from .factories import D, issued, verify
    from .test_rendering import docx_text

    board = make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    _i, _c, (q3, cuchi) = issued(tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 9, 25), requirements=[
        (tree.q3, SEED_REQUIREMENT, D(2019, 12, 31)), (tree.cuchi, SEED_REQUIREMENT, D(2019, 11, 30))])
    verify(board, q3, D(2019, 12, 20))
    client = api.as_user(board)
    response = client.post("/api/v1/reports/", {"kind": "remediation_followup", "scope": tree.city.pk,
                                                "period": "2019"})
    assert response.status_code == 202 and response.json()["status"] == "queued"
    report_id = response.json()["id"]
    with worker_until(Counter({GENERATE: 1, NOTIFY: 1}), timeout=120):
        pass
    body = client.get(f"/api/v1/reports/{report_id}/").json()
    assert (body["status"], body["progress"], body["error"]) == ("done", 100, "")
    assert {f["format"] for f in body["files"]} == {"docx", "pdf", "xlsx"}
    download = client.get(f"/api/v1/reports/{report_id}/files/docx/")
    assert download.status_code == 200
    text, _document = docx_text(b"".join(download.streaming_content))
    assert SEED_REQUIREMENT in text and "Tính đến ngày 31/12/2019" in text
    assert "có 2 yêu cầu khắc phục sau kiểm tra đang được theo dõi; trong đó 1 yêu cầu đã hoàn thành" in text
    assert "1 yêu cầu đã quá hạn" in text  # Củ Chi's, 31 days
    assert [m.to for m in mail.outbox] == [["chuyenvien@btctu.local"]]


def test_the_deadline_sweep_fired_twice_by_beat_sends_one_set_of_emails(tree, make_user, topics, broker):
    from reports.tasks import notify_requirement_deadlines

    from .factories import D, issued

    board = make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    make_user(Role.REPORTER, [tree.q3], email="baocao@q3.local")
    make_user(Role.REPORTER, [tree.cuchi], email="baocao@cuchi.local")
    issued(tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 4, 1), requirements=[
        (tree.q3, "Còn 7 ngày.", D(2019, 6, 30)), (tree.cuchi, "Quá hạn 1 ngày.", D(2019, 6, 22))])
    first = notify_requirement_deadlines.delay("2019-06-23")
    second = notify_requirement_deadlines.delay("2019-06-23")
    with worker_until(Counter({DEADLINES: 2})) as finished:
        pass
    assert finished == Counter({DEADLINES: 2})
    assert sorted([first.get(timeout=5), second.get(timeout=5)], key=lambda r: -r["sent"]) == [
        {"requirements": 2, "sent": 2, "digests": 1}, {"requirements": 2, "sent": 0, "digests": 0}]
    assert sorted(m.to[0] for m in mail.outbox) == ["baocao@cuchi.local", "baocao@q3.local", "chuyenvien@btctu.local"]
    assert NotificationLog.objects.count() == 3

"""With the broker down, requests that queue work answer with a status the
client can act on, never a 500, and nothing is left "queued" for a message
that was never sent. Transactional tests: as in production, the after-commit
send runs inside the request (no test transaction defers it)."""
import pytest

from organizations.choices import Role
from reports.models import Report
from rules.models import RuleCheckRun

pytestmark = pytest.mark.django_db(transaction=True)

RUN = {"period_start": "2019-01-01", "period_end": "2019-12-31", "rule_codes": ["CM-1"]}


def test_a_rule_run_the_queue_refuses_is_answered_202_failed_with_the_reason(api, tree, board, broker_down):
    response = api.as_user(board).post("/api/v1/rule-runs/", {"scope": tree.q3.pk, **RUN}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "failed"
    assert body["error"].startswith("Không gửi được lượt kiểm tra tới hàng đợi xử lý: ")
    assert "127.0.0.1:1" in body["error"]
    run = RuleCheckRun.objects.get()
    assert (run.pk, run.status) == (body["id"], "failed")
    assert not RuleCheckRun.objects.filter(status="queued").exists()


def test_a_retried_rule_run_the_queue_refuses_fails_again_with_the_reason(api, tree, board, broker_down):
    client = api.as_user(board)
    run_id = client.post("/api/v1/rule-runs/", {"scope": tree.q3.pk, **RUN}, format="json").json()["id"]
    response = client.post(f"/api/v1/rule-runs/{run_id}/retry/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["error"][:30]) == ("failed", "Không gửi được lượt kiểm tra t")


def test_summarize_with_the_queue_down_is_a_503_with_the_json_error_shape(api, tree, make_user, broker_down):
    user = make_user(Role.LEADER, [tree.city])
    response = api.as_user(user).post(f"/api/v1/organizations/{tree.q3.pk}/summarize/")
    assert response.status_code == 503
    assert response.json() == {"error": {
        "code": "queue_unavailable", "fields": {},
        "message": "Hàng đợi xử lý nền đang không hoạt động nên yêu cầu chưa được gửi đi. Hãy thử lại sau ít phút."}}


def test_a_report_the_queue_refuses_is_answered_202_failed_with_the_reason(api, tree, board, fast_kind, broker_down):
    response = api.as_user(board).post("/api/v1/reports/", {"kind": "test_fast", "scope": tree.q3.pk,
                                                            "period": "2019"})
    assert response.status_code == 202
    assert response.json()["status"] == "failed"
    assert response.json()["error"].startswith("Không gửi được yêu cầu lập báo cáo tới hàng đợi: ")
    assert not Report.objects.filter(status="queued").exists() and fast_kind.calls == 0


def test_a_failure_the_row_cannot_record_is_left_to_the_sweeper(api, tree, board, broker_down, monkeypatch):
    """Broker and database both failing: still no 500; the run stays queued until the sweeper fails it."""
    from rules import tasks

    def database_down(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(tasks, "check_run_fail", database_down)
    response = api.as_user(board).post("/api/v1/rule-runs/", {"scope": tree.q3.pk, **RUN}, format="json")
    assert response.status_code == 202 and response.json()["status"] == "queued"

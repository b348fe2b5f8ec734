"""A rule run over an unreal period is refused at the door, not in the worker."""
import pytest

from rules.models import RuleCheckRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "9999-12-31"), ("1900-01-01", "2019-12-31")])
def test_a_rule_run_over_an_unreal_period_is_a_400(api, tree, board, start, end, django_capture_on_commit_callbacks):
    client = api.as_user(board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/rule-runs/", {"scope": tree.q3.pk, "period_start": start, "period_end": end},
                               format="json")
    assert response.status_code == 400, response.content
    assert "period_start" in response.json()["error"]["fields"]
    assert not RuleCheckRun.objects.exists()

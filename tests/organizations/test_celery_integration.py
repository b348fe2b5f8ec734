import pytest
from django_celery_results.models import TaskResult

from organizations.choices import Role
from tests.integration_helpers import real_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_task_queued_by_the_api_runs_on_a_real_worker_and_stores_its_result(api, tree, make_user):
    user = make_user(Role.LEADER, [tree.city])
    with real_worker():
        response = api.as_user(user).post(f"/api/v1/organizations/{tree.q3.pk}/summarize/")
        assert response.status_code == 202
        task_id = response.json()["task_id"]
        result = wait_for(lambda: TaskResult.objects.filter(task_id=task_id, status="SUCCESS").first())
    assert '"grassroots": 1' in result.result and '"cell": 1' in result.result and '"upper": 1' in result.result

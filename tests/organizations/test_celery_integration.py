from collections import Counter

import pytest
from django_celery_results.models import TaskResult

from organizations.choices import Role
from tests.integration_helpers import worker_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_task_queued_by_the_api_runs_on_a_real_worker_and_stores_its_result(api, tree, make_user, broker):
    user = make_user(Role.LEADER, [tree.city])
    response = api.as_user(user).post(f"/api/v1/organizations/{tree.q3.pk}/summarize/")
    assert response.status_code == 202
    task_id = response.json()["task_id"]
    with worker_until(Counter({"organizations.tasks.organization_subtree_summary_task": 1})):
        pass
    result = TaskResult.objects.get(task_id=task_id)
    assert result.status == "SUCCESS"
    assert '"grassroots": 1' in result.result and '"cell": 1' in result.result and '"upper": 1' in result.result

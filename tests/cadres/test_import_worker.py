"""A large import through a real Celery worker (#10): the API stores the file
and queues it (202), the worker reads, checks and saves it, the run ends done
with its counts, and the uploaded file is gone."""
from collections import Counter

import pytest

from cadres.models import Cadre, CadreImport, PlanningEntry, TrainingRecord
from organizations.choices import Role
from tests.integration_helpers import worker_until

from .test_import import refs, workbook_bytes  # noqa: F401  (the fixture)
from .test_import_queries import rows

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_large_import_runs_on_a_real_worker(api, refs, tree, make_user, broker, settings):  # noqa: F811
    settings.IMPORT_ASYNC_ROWS = 5
    user = make_user(Role.INSPECTOR, [tree.q3])
    stream = workbook_bytes(**rows("W", 20))
    stream.name = "lon.xlsx"
    response = api.as_user(user).post("/api/v1/cadre-imports/", {"file": stream}, format="multipart")
    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "queued" and not Cadre.objects.exists()
    with worker_until(Counter({"cadres.tasks.run_cadre_import": 1})):
        pass
    body = api.get(response["Location"]).json()
    assert (body["status"], body["saved"], body["rows_done"], body["rows_total"], body["percent"]) == (
        "done", True, 60, 60, 100)
    assert (Cadre.objects.count(), PlanningEntry.objects.count(), TrainingRecord.objects.count()) == (20, 20, 20)
    assert not CadreImport.objects.get().file

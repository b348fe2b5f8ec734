"""Idempotency-Key: a retried POST is answered with the first response and done once."""
import datetime

import pytest
from django.utils import timezone

from core.idempotency import IdempotencyKey
from core.tasks import prune_idempotency_keys
from organizations.choices import Role
from organizations.models import CellMeeting

URL = "/api/v1/cell-meetings/"


def body(cell, day=1, spoke=6):
    return {"cell": cell.pk, "date": f"2019-04-{day:02d}", "kind": "regular", "duration_minutes": 90,
            "members_total": 20, "present": 19, "absent_excused": 1, "absent_unexcused": 0,
            "spoke": spoke, "young_spoke": 1, "criticism_held": True}


@pytest.fixture
def client(tree, make_user, api):
    api.as_user(make_user(Role.INSPECTOR, [tree.q3]))
    return api


def post(client, data, key):
    return client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_key_and_body_replays_the_first_response_without_creating_twice(client, tree):
    first = post(client, body(tree.q3_cell), "k-1")
    assert first.status_code == 201
    again = post(client, body(tree.q3_cell), "k-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert CellMeeting.objects.filter(cell=tree.q3_cell).count() == 1


def test_without_a_key_a_retry_is_a_duplicate(client, tree):
    assert client.post(URL, body(tree.q3_cell), format="json").status_code == 201
    assert client.post(URL, body(tree.q3_cell), format="json").status_code in (400, 409)


def test_the_same_key_with_another_body_is_422(client, tree):
    assert post(client, body(tree.q3_cell), "k-2").status_code == 201
    response = post(client, body(tree.q3_cell, day=2), "k-2")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert CellMeeting.objects.filter(cell=tree.q3_cell).count() == 1


def test_an_error_answer_is_replayed_too_and_not_acted_on(client, tree):
    bad = body(tree.q3_cell) | {"present": 99}
    first = post(client, bad, "k-3")
    assert first.status_code == 400
    again = post(client, bad, "k-3")
    assert (again.status_code, again.json()) == (400, first.json())


def test_keys_belong_to_their_user(client, tree, make_user, api):
    assert post(client, body(tree.q3_cell), "shared").status_code == 201
    other = make_user(Role.INSPECTOR, [tree.cuchi])
    api.force_authenticate(other)
    response = api.post(URL, body(tree.cuchi_cell), format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response


def test_a_key_still_in_progress_is_409(client, tree):
    assert post(client, body(tree.q3_cell), "busy").status_code == 201
    IdempotencyKey.objects.filter(key="busy").update(completed=False)  # as while the first one runs
    response = post(client, body(tree.q3_cell), "busy")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_in_progress"


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "tab\there"])
def test_a_malformed_key_is_400(client, tree, key):
    response = post(client, body(tree.q3_cell), key)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"
    assert not CellMeeting.objects.exists()


def test_without_credentials_a_malformed_key_is_still_401(api, tree):
    """401 comes first (with its WWW-Authenticate), as the schema documents for every operation."""
    response = post(api, body(tree.q3_cell), " ")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")


def test_old_keys_are_pruned_and_then_act_again(client, tree):
    assert post(client, body(tree.q3_cell), "old").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert prune_idempotency_keys() == 1
    assert not IdempotencyKey.objects.exists()
    assert post(client, body(tree.q3_cell), "old").status_code in (400, 409)  # acted on: now a duplicate


def test_a_workflow_step_and_a_program_item_retried_with_their_key_act_once(tree, make_user, api):
    """Every POST takes the key: a step is taken once (the retry is replayed, not refused as out of order),
    and a program item (which has no natural key to be found by) is created once."""
    from inspection import services
    from inspection.models import InspectionTransition, ProgramItem
    from tests.inspection.factories import topic, walk

    board = make_user(Role.INSPECTOR, [tree.city])
    client = api.as_user(board)
    inspection = walk(tree, board, targets=[tree.q3_ward]).inspection
    url = f"/api/v1/inspections/{inspection.pk}/cancel/"
    steps = InspectionTransition.objects.count()
    first = client.post(url, {"note": "Hủy"}, format="json", HTTP_IDEMPOTENCY_KEY="cancel-1")
    assert first.status_code == 200, first.content
    again = client.post(url, {"note": "Hủy"}, format="json", HTTP_IDEMPOTENCY_KEY="cancel-1")
    assert (again.status_code, again["Idempotent-Replayed"], again.json()) == (200, "true", first.json())
    assert InspectionTransition.objects.count() == steps + 1
    assert client.post(url, {"note": "Hủy"}, format="json").status_code == 409  # without the key: out of order

    program = services.program_create(user=board, authority=tree.city, year=2019, title="Chương trình 2019")
    item = {"program": program.pk, "order": 1, "topic": topic().code, "title": "Kiểm tra sinh hoạt chi bộ",
            "responsible": tree.city.pk, "planned_start": "2019-04-01", "planned_end": "2019-06-30",
            "target_organizations": [tree.q3_ward.pk]}
    for _attempt in range(2):
        assert client.post("/api/v1/program-items/", item, format="json",
                           HTTP_IDEMPOTENCY_KEY="item-1").status_code == 201
    assert ProgramItem.objects.filter(program=program).count() == 1

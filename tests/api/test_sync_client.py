"""docs/sync_client.py, run against the live test server as an integrator would."""
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tokens import api_token_create
from organizations.choices import Role

spec = importlib.util.spec_from_file_location("sync_client", Path(settings.BASE_DIR) / "docs" / "sync_client.py")
sync_client = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync_client)


@pytest.mark.django_db(transaction=True)
def test_the_documented_client_pushes_once_and_reads_the_feed(live_server, make_user):
    from tests.conftest import Tree

    tree = Tree()
    user = make_user(Role.API_CLIENT, [tree.q3], api_write=True)
    _token, key = api_token_create(user=user, name="sync")
    client = sync_client.Client(live_server.url, key)

    cell = client.find_organization("q3-vts-kp1")
    assert cell["id"] == tree.q3_cell.pk
    meeting = {"cell": cell["id"], "date": "2019-05-10", "kind": "regular", "duration_minutes": 90,
               "members_total": 20, "present": 19, "absent_excused": 1, "absent_unexcused": 0,
               "spoke": 6, "young_spoke": 1, "criticism_held": True}
    status, first, idem = client.push_meeting(meeting)
    assert status == 201
    status, again, _ = client.push_meeting(meeting, key=idem)  # a retry after a lost answer
    assert (status, again) == (201, first)

    assert client.find("cell-meetings", cell=cell["id"], date="2019-05-10", kind="regular")["id"] == first["id"]
    year = [{**meeting, "date": f"2019-{m:02d}-10"} for m in range(5, 8)]  # May is already there
    pushed = client.upsert("cell-meetings", year)
    assert (pushed["created"], pushed["unchanged"]) == (2, 1)
    assert client.upsert("cell-meetings", year)["unchanged"] == 3

    seen = [(c["model"], c["id"], c["action"]) for c, _cursor in client.changes(0, limit=2)]
    assert seen.count(("organizations.cellmeeting", str(first["id"]), "created")) == 1
    assert not any(c[0] == "organizations.organization" and c[1] == str(tree.cuchi.pk) for c in seen)

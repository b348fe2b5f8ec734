"""GET /api/v1/changes/: created, updated and deleted records, in order, in the
reader's scope, resumable from any cursor."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import Role

URL = "/api/v1/changes/"


def meeting_body(cell, day):
    return {"cell": cell.pk, "date": f"2019-03-{day:02d}", "kind": "regular", "duration_minutes": 90,
            "members_total": 20, "present": 19, "absent_excused": 1, "absent_unexcused": 0,
            "spoke": 6, "young_spoke": 1, "criticism_held": True}


@pytest.fixture
def history(tree, make_user, api):
    """As the administrator: in Quận 3 create, update, delete a meeting; in Củ Chi create one."""
    admin = make_user(Role.ADMIN)
    api.as_user(admin)
    q3 = api.post("/api/v1/cell-meetings/", meeting_body(tree.q3_cell, 1), format="json")
    assert q3.status_code == 201, q3.content
    cc = api.post("/api/v1/cell-meetings/", meeting_body(tree.cuchi_cell, 2), format="json")
    assert cc.status_code == 201, cc.content
    assert api.patch(f"/api/v1/cell-meetings/{q3.data['id']}/", {"spoke": 7}, format="json").status_code == 200
    assert api.delete(f"/api/v1/cell-meetings/{q3.data['id']}/").status_code == 204
    return {"q3": str(q3.data["id"]), "cc": str(cc.data["id"])}


def feed(api, user, since=0, limit=None):
    api.force_authenticate(user)
    params = {"since": since} | ({"limit": limit} if limit else {})
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def meeting_changes(page):
    return [(row["id"], row["action"]) for row in page["results"] if row["model"] == "organizations.cellmeeting"]


def test_a_scoped_reader_sees_only_its_subtree_in_order_with_the_deletion(history, tree, make_user, api):
    q3_reader = make_user(Role.INSPECTOR, [tree.q3])
    page = feed(api, q3_reader)
    assert meeting_changes(page) == [(history["q3"], "created"), (history["q3"], "updated"),
                                     (history["q3"], "deleted")]
    cursors = [int(row["cursor"]) for row in page["results"]]
    assert cursors == sorted(cursors)
    assert page["has_more"] is False

    cc_reader = make_user(Role.INSPECTOR, [tree.cuchi])
    assert meeting_changes(feed(api, cc_reader)) == [(history["cc"], "created")]

    admin = make_user(Role.ADMIN)
    assert len(meeting_changes(feed(api, admin))) == 4


def test_the_feed_resumes_from_any_cursor(history, make_user, api):
    admin = make_user(Role.ADMIN)
    everything = feed(api, admin)["results"]
    for position, row in enumerate(everything):
        rest = feed(api, admin, since=row["cursor"])["results"]
        assert rest == everything[position + 1:]
    pages, cursor = [], 0
    while True:
        page = feed(api, admin, since=cursor, limit=2)
        pages.extend(page["results"])
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
    assert pages == everything


def test_live_records_link_to_their_api_detail_and_deleted_ones_do_not(history, make_user, api):
    rows = feed(api, make_user(Role.ADMIN))["results"]
    created_cc = next(r for r in rows if r["id"] == history["cc"] and r["model"] == "organizations.cellmeeting")
    assert created_cc["url"].endswith(f"/api/v1/cell-meetings/{history['cc']}/")
    deleted = next(r for r in rows if r["action"] == "deleted")
    assert deleted["url"] is None


@pytest.mark.parametrize("params", [{"since": "abc"}, {"since": "-1"}, {"limit": "0"}, {"limit": "501"}])
def test_bad_cursors_and_limits_are_400_with_the_json_error(params, make_user, api):
    api.force_authenticate(make_user(Role.ADMIN))
    response = api.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_anonymous_gets_401(api, db):
    assert api.get(URL).status_code in (401, 403)


def test_query_count_does_not_grow_with_the_page(tree, make_user, api):
    admin = make_user(Role.ADMIN)
    api.as_user(admin)
    for day in range(1, 4):
        api.post("/api/v1/cell-meetings/", meeting_body(tree.q3_cell, day), format="json")
    reader = make_user(Role.INSPECTOR, [tree.q3])
    api.force_authenticate(reader)

    def count(limit):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(URL, {"limit": limit}).status_code == 200
        return len(ctx)

    count(1)  # the first request caches the reader's scope
    assert count(1) == count(3)

"""GET /api/v1/changes/: created, updated and deleted records, in order, in the
reader's scope, resumable from any cursor."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.changes import Change
from organizations.choices import Role
from organizations.models import Organization

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


def test_bulk_writes_and_successions_in_two_subtrees_reach_only_their_readers_in_order(tree, make_user, api):
    """Created, updated and deleted in Quận 3 and in Củ Chi, through bulk upserts, single writes and the
    successions route; a re-sent bulk upsert that changes nothing adds no row; each scoped reader sees its
    own subtree's changes, in order, and resumes from any cursor."""
    admin = make_user(Role.ADMIN)
    api.as_user(admin)
    start = Change.objects.count()
    ids = {}
    for side, cell in (("q3", tree.q3_cell), ("cc", tree.cuchi_cell)):
        rows = [meeting_body(cell, day) for day in (1, 2)]
        created = api.post("/api/v1/cell-meetings/bulk/", {"mode": "upsert", "rows": rows}, format="json")
        assert created.status_code == 201, created.content
        first, second = (str(row["id"]) for row in created.json()["results"])
        unchanged = Change.objects.count()
        again = api.post("/api/v1/cell-meetings/bulk/", {"mode": "upsert", "rows": rows}, format="json")
        assert again.json()["unchanged"] == 2 and Change.objects.count() == unchanged  # nothing to feed
        rows[0]["spoke"] = 7
        assert api.post("/api/v1/cell-meetings/bulk/", {"mode": "upsert", "rows": rows},
                        format="json").json()["updated"] == 1
        assert api.delete(f"/api/v1/cell-meetings/{second}/").status_code == 204
        parent = tree.q3 if side == "q3" else tree.cuchi
        old, new = (Organization.objects.create(name=f"Chi bộ {side} {n}", code=f"{side}-cb-{n}",
                                                kind="grassroots_committee", parent=parent) for n in (1, 2))
        link = api.post("/api/v1/organization-successions/", {
            "predecessor": old.pk, "successor": new.pk, "kind": "merged_into", "effective_date": "2025-07-01"},
            format="json").json()
        assert api.patch(f"/api/v1/organization-successions/{link['id']}/", {"basis": "NQ 1"},
                         format="json").status_code == 200
        assert api.delete(f"/api/v1/organization-successions/{link['id']}/").status_code == 204
        ids[side] = {("organizations.cellmeeting", first), ("organizations.cellmeeting", second),
                     ("organizations.organizationsuccession", str(link["id"]))}
    assert Change.objects.count() > start

    expected_actions = [("organizations.cellmeeting", "created"), ("organizations.cellmeeting", "created"),
                        ("organizations.cellmeeting", "updated"), ("organizations.cellmeeting", "deleted"),
                        ("organizations.organizationsuccession", "created"),
                        ("organizations.organizationsuccession", "updated"),
                        ("organizations.organizationsuccession", "deleted")]
    for side, root in (("q3", tree.q3), ("cc", tree.cuchi)):
        reader = make_user(Role.INSPECTOR, [root])
        everything = feed(api, reader)["results"]
        mine = [row for row in everything if row["model"] in {m for m, _i in ids[side]}]
        assert {(row["model"], row["id"]) for row in mine} == ids[side]
        assert [(row["model"], row["action"]) for row in mine] == expected_actions
        other = "cc" if side == "q3" else "q3"
        assert not {(row["model"], row["id"]) for row in everything} & ids[other]
        cursors = [int(row["cursor"]) for row in everything]
        assert cursors == sorted(cursors)
        for position, row in enumerate(everything):
            assert feed(api, reader, since=row["cursor"])["results"] == everything[position + 1:]

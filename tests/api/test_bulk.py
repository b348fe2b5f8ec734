"""Bulk writes (core/bulk_api.py): all rows or none, failing rows by index, upsert on natural keys."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import Cadre
from core.changes import Change
from organizations.choices import Role
from organizations.models import AdmissionYear, CellMeeting, CommitteeMember, QualityRating
from tests.organizations.factories import TermFactory

BASE = "/api/v1/"
MEETING = {"kind": "regular", "duration_minutes": 90, "members_total": 10, "present": 9, "absent_excused": 1,
           "spoke": 4, "young_spoke": 1, "criticism_held": True}


@pytest.fixture
def writer(tree, make_user, api):
    return api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3], personal_data_access=True))


def _meetings(cell, months):
    return [{**MEETING, "cell": cell.pk, "date": f"2019-{m:02d}-05"} for m in months]


def _post(client, path, rows, mode="create", **extra):
    return client.post(f"{BASE}{path}/bulk/", {"mode": mode, "rows": rows, **extra}, format="json")


def test_upsert_twice_changes_nothing_and_an_edit_updates_only_that_row(tree, writer):
    rows = [{"organization": tree.q3_ward.pk, "year": year, "subject": "members", "excellent": 1, "good": 10,
             "total": 11} for year in (2018, 2019)]
    first = _post(writer, "quality-ratings", rows, "upsert")
    assert first.status_code == 201, first.json()
    assert (first.json()["created"], first.json()["updated"]) == (2, 0)
    assert first.json()["results"][0]["url"].endswith(f"/api/v1/quality-ratings/{first.json()['results'][0]['id']}/")
    changes = Change.objects.count()
    again = _post(writer, "quality-ratings", rows, "upsert")
    assert again.status_code == 200 and again.json()["unchanged"] == 2
    assert [r["id"] for r in again.json()["results"]] == [r["id"] for r in first.json()["results"]]
    assert QualityRating.objects.count() == 2 and Change.objects.count() == changes  # nothing written
    rows[1]["good"], rows[1]["total"] = 11, 12
    edited = _post(writer, "quality-ratings", rows, "upsert").json()
    assert [r["action"] for r in edited["results"]] == ["unchanged", "updated"]
    assert QualityRating.objects.get(year=2019).good == 11
    rows[0]["members"] = [{"full_name": "Lê Văn C", "level": "excellent"}]
    assert [r["action"] for r in _post(writer, "quality-ratings", rows, "upsert").json()["results"]] == [
        "updated", "unchanged"]
    assert [r["action"] for r in _post(writer, "quality-ratings", rows, "upsert").json()["results"]] == [
        "unchanged", "unchanged"]
    assert QualityRating.objects.get(year=2018).member_ratings.get().full_name == "Lê Văn C"


def test_create_mode_names_the_stored_duplicate_by_index(tree, writer):
    assert _post(writer, "cell-meetings", _meetings(tree.q3_cell, [1, 2])).status_code == 201
    response = _post(writer, "cell-meetings", _meetings(tree.q3_cell, [2, 3]))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "bulk_invalid" and [r["index"] for r in error["rows"]] == [0]
    row = error["rows"][0]
    existing = CellMeeting.objects.get(date="2019-02-05")
    assert (row["code"], row["status"], row["existing_id"]) == ("duplicate", 409, existing.pk)
    assert row["existing_url"].endswith(f"/api/v1/cell-meetings/{existing.pk}/")
    assert CellMeeting.objects.count() == 2  # the new March row was not kept


def test_every_row_must_be_writable_and_valid_else_nothing_is_saved(tree, writer):
    rows = _meetings(tree.q3_cell, [1, 2, 3]) + _meetings(tree.cuchi_cell, [4])
    rows[1]["present"] = 11
    rows[2]["spokee"] = 1
    response = _post(writer, "cell-meetings", rows)
    assert response.status_code == 400
    error = response.json()["error"]
    assert [(r["index"], r["status"], r["code"]) for r in error["rows"]] == [
        (1, 400, "invalid"), (2, 400, "unknown_field"), (3, 404, "not_found")]
    assert set(error["fields"]) == {"rows[1]", "rows[2]", "rows[3]"}
    assert not CellMeeting.objects.exists()


def test_admissions_committee_members_and_cadres_upsert_idempotently(tree, writer):
    term = TermFactory()
    bodies = {
        "admissions": [{"organization": tree.q3_ward.pk, "year": y, "target": 5, "admitted": 2, "sector_worker": 2}
                       for y in (2018, 2019)],
        "committee-members": [{"organization": tree.q3_ward.pk, "term": term.pk, "full_name": name,
                               "gender": "male", "birth_date": "1975-05-05", "position": "committee_member",
                               "from_date": "2015-07-16"} for name in ("Nguyễn Văn A", "Trần Văn B")],
        "cadres": [{"code": f"CB-{n}", "full_name": f"Lê Văn {n}", "birth_date": "1980-02-03", "gender": "male",
                    "organization": tree.q3_ward.pk} for n in (1, 2)],
    }
    models = {"admissions": AdmissionYear, "committee-members": CommitteeMember, "cadres": Cadre}
    for path, rows in bodies.items():
        first = _post(writer, path, rows, "upsert").json()
        assert first.get("created") == 2, (path, first)
        assert _post(writer, path, rows, "upsert").json()["unchanged"] == 2, path
        assert models[path].objects.count() == 2, path


def test_reads_are_preloaded_not_repeated_per_row(tree, writer):
    def queries(months, mode="create"):
        with CaptureQueriesContext(connection) as ctx:
            response = _post(writer, "cell-meetings", _meetings(tree.q3_cell, months), mode)
        assert response.status_code in (200, 201), response.json()
        return ctx.captured_queries

    few, many = queries(range(1, 4)), queries(range(4, 13))  # 3 rows, then 9 more
    per_row = (len(many) - len(few)) / 6
    assert per_row <= 12, per_row  # the row's own checks and writes (insert, history, change feed)
    selects = [q["sql"] for q in many if q["sql"].startswith("SELECT") and "organizations_cellmeeting" in q["sql"]]
    assert len(selects) <= 3 * 9  # the constraint checks of each saved row, no per-row key lookup on top
    # Re-sending a whole year unchanged reads the same whatever its length.
    assert len(queries(range(1, 4), "upsert")) == len(queries(range(1, 13), "upsert"))


def test_an_unknown_top_level_field_is_refused_like_any_write(tree, writer):
    response = _post(writer, "admissions", [{"organization": tree.q3_ward.pk, "year": 2019}], mod="upsert")
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_field"

"""The record endpoints: scope, role permissions, constant query counts, and the figure actions."""
import datetime

import pytest

from organizations.choices import OrganizationKind as K
from organizations.choices import Role
from organizations.models import (
    CellMeeting,
    Congress,
    QualityRating,
)
from tests.factories import OrganizationFactory

from .factories import (
    AdmissionYearFactory,
    CellMeetingFactory,
    CommitteeMemberFactory,
    QualityRatingFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/"


def _cell(parent):
    return OrganizationFactory(parent=parent, kind=K.SUBORDINATE_CELL)


def _grassroots(parent):
    return OrganizationFactory(parent=parent)


# The generic checks of every record endpoint (anonymous, roles, scope, query counts) are
# in tests/organizations/endpoints.py; what is particular to records stays here.
def test_a_created_record_has_its_history_row_and_another_subtree_is_refused_by_field(tree, make_user, api):
    inspector = api.as_user(make_user(organizations=[tree.q3]))
    body = {"organization": tree.q3_ward.pk, "term": TermFactory().pk, "opened_on": "2015-07-01"}
    assert inspector.post(BASE + "congresses/", body, format="json").status_code == 201
    assert Congress.objects.get().history.count() == 1
    response = inspector.post(BASE + "congresses/", body | {"organization": tree.cuchi_commune.pk}, format="json")
    assert response.status_code == 400 and "organization" in response.json()["error"]["fields"]


def test_terms_are_read_only(tree, make_user, api):
    TermFactory()
    client = api.as_user(make_user(organizations=[tree.q3]))
    assert [t["name"] for t in client.get(BASE + "terms/").json()["results"]] == ["2015–2020"]
    assert client.post(BASE + "terms/", {"name": "x"}, format="json").status_code == 405


def test_rating_breach_is_visible_and_filterable(tree, make_user, api):
    breach = QualityRatingFactory(organization=tree.q3_ward, excellent=9, good=20, fulfilled=0, total=29)
    client = api.as_user(make_user(organizations=[tree.q3]))
    body = client.get(f"{BASE}quality-ratings/{breach.pk}/").json()
    assert body["excellent_cap_exceeded"] is True
    assert body["relation"] == {"excellent": 9, "good": 20, "allowed": 4, "percent_of_good": "45.0",
                                "exceeded": True}
    assert body["levels"][0] == {"level": "excellent", "label": "Hoàn thành xuất sắc nhiệm vụ", "count": 9}
    other = QualityRatingFactory(organization=OrganizationFactory(parent=tree.q3))
    ids = [r["id"] for r in client.get(BASE + "quality-ratings/?excellent_cap_exceeded=true").json()["results"]]
    assert ids == [breach.pk]
    ids = [r["id"] for r in client.get(f"{BASE}quality-ratings/?within={tree.q3.pk}&year=2018").json()["results"]]
    assert set(ids) == {breach.pk, other.pk}
    relations = client.get(f"{BASE}quality-ratings/relations/?organization={tree.q3.pk}&year=2018").json()
    assert [(r["rating_id"], r["relation"]["exceeded"]) for r in relations] == [(breach.pk, True), (other.pk, False)]


def test_rating_that_does_not_add_up_is_a_structured_400(tree, make_user, api):
    client = api.as_user(make_user(organizations=[tree.q3]))
    response = client.post(BASE + "quality-ratings/", {
        "organization": tree.q3_ward.pk, "year": 2018, "subject": "members", "excellent": 1, "good": 10,
        "total": 12, "members": [{"full_name": "Lê Văn C", "level": "excellent"}]}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "tổng số là 12" in error["message"] and "total" in error["fields"]
    assert not QualityRating.objects.exists()


def test_rating_with_named_members_round_trips(tree, make_user, api):
    client = api.as_user(make_user(organizations=[tree.q3]))
    response = client.post(BASE + "quality-ratings/", {
        "organization": tree.q3_ward.pk, "year": 2018, "subject": "members", "excellent": 1, "good": 10,
        "not_rated_exempted": 1, "total": 12,
        "members": [{"full_name": "Lê Văn C", "level": "excellent"},
                    {"full_name": "Trần D", "not_rated_reason": "exempted"}]}, format="json")
    assert response.status_code == 201, response.json()
    assert [m["full_name"] for m in response.json()["members"]] == ["Lê Văn C", "Trần D"]


def test_bulk_endpoint_all_or_nothing(tree, make_user, api):
    client = api.as_user(make_user(organizations=[tree.q3]))
    row = {"kind": "regular", "duration_minutes": 90, "members_total": 10, "present": 9, "absent_excused": 1,
           "spoke": 4, "young_spoke": 1, "criticism_held": True}
    rows = [{**row, "date": f"2019-{m:02d}-05"} for m in range(1, 13)]
    rows[6]["present"] = 11
    response = client.post(BASE + "cell-meetings/bulk/", {"cell": tree.q3_cell.pk, "rows": rows}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bulk_invalid" and [r["index"] for r in error["rows"]] == [6]
    assert list(error["fields"]) == ["rows[6]"]
    assert not CellMeeting.objects.exists()
    rows[6]["present"] = 9
    response = client.post(BASE + "cell-meetings/bulk/", {"cell": tree.q3_cell.pk, "rows": rows}, format="json")
    assert response.status_code == 201 and response.json()["created"] == 12
    response = client.post(BASE + "cell-meetings/bulk/", {"cell": tree.cuchi_cell.pk, "rows": rows}, format="json")
    assert response.status_code == 404 and {r["code"] for r in response.json()["error"]["rows"]} == {"not_found"}
    leader = api.as_user(make_user(role=Role.LEADER, organizations=[tree.q3]))
    assert leader.post(BASE + "cell-meetings/bulk/", {"cell": tree.q3_cell.pk, "rows": rows},
                       format="json").status_code == 403


def test_meeting_stats_endpoint(tree, make_user, api):
    for month in (1, 2, 4):
        CellMeetingFactory(cell=tree.q3_cell, date=datetime.date(2019, month, 5))
    client = api.as_user(make_user(role=Role.LEADER, organizations=[tree.q3]))
    body = client.get(f"{BASE}cell-meetings/stats/?organization={tree.q3.pk}&start=2019-01-01&end=2019-06-30").json()
    assert len(body) == 1 and body[0]["cell"]["id"] == tree.q3_cell.pk
    assert body[0]["months_without_regular"] == [[2019, 3], [2019, 5], [2019, 6]]
    assert body[0]["quarters_without_thematic"] == [[2019, 1], [2019, 2]]
    assert client.get(f"{BASE}cell-meetings/stats/?organization={tree.cuchi.pk}&year=2019").status_code == 400
    assert client.get(f"{BASE}cell-meetings/stats/?organization={tree.q3.pk}").status_code == 400


def test_admission_progress_and_composition_endpoints(tree, make_user, api):
    record = AdmissionYearFactory(organization=tree.q3, year=2019, target=10, admitted=8)
    term = TermFactory()
    CommitteeMemberFactory(organization=tree.q3, term=term, gender="female", birth_date=datetime.date(1985, 1, 1))
    client = api.as_user(make_user(role=Role.LEADER, organizations=[tree.q3]))
    row = client.get(f"{BASE}admissions/{record.pk}/").json()
    assert row["behind_target"] is True and row["progress_percent"] == "80.0"
    progress = client.get(f"{BASE}admissions/{record.pk}/progress/").json()
    assert progress["yearly"]["percent"] == "80.0" and progress["term"]["progress"]["done"] == 8
    url = f"{BASE}committee-members/composition/?organization={tree.q3.pk}&term={term.pk}&on=2016-01-01"
    composition = client.get(url).json()
    assert composition["total"] == 1 and composition["women_percent"] == "100.0"
    assert composition["under_40"] == 1

"""What the API does not document is refused with a 400 naming it, never ignored."""
import pytest

from organizations.choices import Role
from tests.organizations.factories import CellMeetingFactory


@pytest.fixture
def client(tree, make_user, api):
    return api.as_user(make_user(Role.ADMIN))


def error_of(response, status=400):
    assert response.status_code == status, response.content
    return response.json()["error"]


def test_an_unknown_filter_is_400_not_the_whole_list(client):
    error = error_of(client.get("/api/v1/organizations/", {"cod": "q3"}))
    assert error["code"] == "unknown_parameter"
    assert list(error["fields"]) == ["cod"]


def test_documented_filters_and_paging_still_work(client, tree):
    response = client.get("/api/v1/organizations/", {"q": "quan 3", "page": 1, "page_size": 10})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["q3"]


def test_an_invalid_as_of_on_program_items_is_400_not_today(client):
    error = error_of(client.get("/api/v1/program-items/", {"as_of": "31/02/2020"}))
    assert "as_of" in error["fields"]
    assert client.get("/api/v1/program-items/", {"as_of": "01/10/2020"}).status_code == 200


def test_an_unknown_body_field_is_400_naming_it_and_nothing_is_saved(client, tree):
    meeting = CellMeetingFactory(cell=tree.q3_cell)
    error = error_of(client.patch(f"/api/v1/cell-meetings/{meeting.pk}/", {"spoke": 7, "spokee": 8}, format="json"))
    assert (error["code"], list(error["fields"])) == ("unknown_field", ["spokee"])
    meeting.refresh_from_db()
    assert meeting.spoke == 6


def test_a_read_only_field_is_400_naming_it(client, tree):
    response = client.patch(f"/api/v1/organizations/{tree.q3.pk}/", {"successor": tree.cuchi.pk}, format="json")
    error = error_of(response)
    assert error["code"] in ("read_only_field", "unknown_field")
    assert "successor" in error["fields"]


def test_a_foreign_object_stays_404_whatever_the_body(tree, make_user, api):
    meeting = CellMeetingFactory(cell=tree.cuchi_cell)
    api.as_user(make_user(Role.INSPECTOR, [tree.q3]))
    assert api.patch(f"/api/v1/cell-meetings/{meeting.pk}/", {"bogus": 1}, format="json").status_code == 404


def test_anonymous_stays_401_whatever_the_parameters(api, db):
    assert api.get("/api/v1/organizations/", {"bogus": 1}).status_code == 401


def test_the_messages_are_vietnamese_by_default_and_english_on_request(client):
    vi = error_of(client.get("/api/v1/organizations/", {"cod": "q3"}))
    assert "Tham số không được hỗ trợ" in vi["message"]
    en = error_of(client.get("/api/v1/organizations/", {"cod": "q3"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Unsupported parameters" in en["message"]


def test_code_is_an_exact_natural_key_unlike_q(client, tree):
    by_q = client.get("/api/v1/organizations/", {"q": "q3-vts"}).json()["results"]
    assert {row["code"] for row in by_q} == {"q3-vts", "q3-vts-kp1"}
    by_code = client.get("/api/v1/organizations/", {"code": "q3-vts"}).json()["results"]
    assert [row["code"] for row in by_code] == ["q3-vts"]
    assert client.get("/api/v1/organizations/", {"code": "q3-v"}).json()["results"] == []


def test_code_lookups_of_cadres_and_inspections(client, tree, make_user):
    from tests.cadres.factories import CadreFactory
    from tests.inspection.factories import walk

    CadreFactory(organization=tree.q3, code="CB-001")
    CadreFactory(organization=tree.q3, code="CB-0011")
    assert [r["code"] for r in client.get("/api/v1/cadres/", {"code": "CB-001"}).json()["results"]] == ["CB-001"]
    staff = make_user(Role.INSPECTOR, [tree.city])
    inspection = walk(tree, staff, targets=[tree.q3], code="KT-2020-01").inspection
    walk(tree, staff, targets=[tree.q3], code="KT-2020-011")
    rows = client.get("/api/v1/inspections/", {"code": "KT-2020-01"}).json()["results"]
    assert [r["id"] for r in rows] == [inspection.pk]

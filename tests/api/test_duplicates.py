"""Every natural key answers a duplicate the same way: 409 `duplicate` with the
existing record's id and API address, in the user's language (core/natural_keys.py)."""
import unicodedata

import pytest

from organizations.choices import Role
from tests.cadres.endpoints import ENDPOINTS as CADRE_ENDPOINTS
from tests.cadres.factories import CadreFactory, TermFactory, TitleFactory
from tests.inspection.endpoints import ENDPOINTS as INSPECTION_ENDPOINTS
from tests.organizations.endpoints import ENDPOINTS as ORGANIZATION_ENDPOINTS

BASE = "/api/v1/"
ALL = {e.path: e for e in ORGANIZATION_ENDPOINTS + CADRE_ENDPOINTS + INSPECTION_ENDPOINTS}
# Endpoints whose spec body is a record with a natural key.
KEYED = ["congresses", "committee-members", "quality-ratings", "cell-meetings", "admissions",
         "membership-structures", "cadres", "documents", "programs"]


def _assert_duplicate(response, path, existing_id):
    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "duplicate"
    assert error["existing_id"] == existing_id
    assert error["existing_url"] == f"http://testserver{BASE}{path}/{existing_id}/"
    assert error["message"] and error["fields"]
    return error


@pytest.mark.parametrize("path", KEYED)
def test_a_resent_record_is_409_duplicate_naming_the_first(path, tree, make_user, api):
    from tests.api_spec import World

    endpoint = ALL[path]
    world = World(tree, make_user)
    client = api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    body = endpoint.create(world, world.own_org())
    first = client.post(f"{BASE}{path}/", body, format="json")
    assert first.status_code == 201, first.json()
    _assert_duplicate(client.post(f"{BASE}{path}/", body, format="json"), path, first.json()["id"])


def test_organization_and_cadre_codes_are_keys_in_nfc(tree, make_user, api):
    admin = api.as_user(make_user(role=Role.ADMIN))
    body = {"code": "q3-vts", "name": "Trùng mã", "kind": "grassroots_committee", "parent": tree.q3.pk}
    _assert_duplicate(admin.post(f"{BASE}organizations/", body, format="json"), "organizations", tree.q3_ward.pk)

    cadre = CadreFactory(organization=tree.q3_ward, code="CB-Đức")
    client = api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    body = {"code": unicodedata.normalize("NFD", "CB-Đức "), "full_name": "Lê Thị Mới", "birth_date": "1980-02-03",
            "gender": "female", "organization": tree.q3_ward.pk}
    error = _assert_duplicate(client.post(f"{BASE}cadres/", body, format="json"), "cadres", cadre.pk)
    assert "code" in error["fields"]
    english = client.post(f"{BASE}cadres/", body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    assert english["code"] == "duplicate" and english["message"] != error["message"]


def test_inspection_code_and_planning_entry(tree, make_user, api):
    client = api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.city]))
    body = {"code": "KT-2019-01", "title": "Kiểm tra", "authority": tree.city.pk, "conducted_by": tree.city.pk,
            "form": "periodic", "topics": ["quality_rating"], "targets": [tree.q3.pk]}
    first = client.post(f"{BASE}inspections/", body, format="json")
    assert first.status_code == 201, first.json()
    _assert_duplicate(client.post(f"{BASE}inspections/", body, format="json"), "inspections", first.json()["id"])

    body = {"cadre": CadreFactory(organization=tree.q3).pk, "title": TitleFactory().pk, "organization": tree.q3.pk,
            "term": TermFactory(start_year=2020).pk, "added_on": "2021-01-05"}
    first = client.post(f"{BASE}planning-entries/", body, format="json")
    assert first.status_code == 201, first.json()
    error = _assert_duplicate(client.post(f"{BASE}planning-entries/", body, format="json"), "planning-entries",
                              first.json()["id"])
    assert error["message"] == "Cán bộ này đã có trong quy hoạch chức danh này của nhiệm kỳ."


def test_an_update_onto_another_records_key_is_409_too(tree, make_user, api):
    from tests.organizations.factories import CellMeetingFactory

    first = CellMeetingFactory(cell=tree.q3_cell, date="2019-05-05", kind="regular")
    second = CellMeetingFactory(cell=tree.q3_cell, date="2019-06-05", kind="regular")
    client = api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    response = client.patch(f"{BASE}cell-meetings/{second.pk}/", {"date": "2019-05-05"}, format="json")
    error = _assert_duplicate(response, "cell-meetings", first.pk)
    assert error["message"] == "Chi bộ đã có buổi sinh hoạt thường kỳ ngày 05/05/2019."

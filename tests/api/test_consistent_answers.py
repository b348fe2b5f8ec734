"""Every answer under /api/ speaks the one JSON error shape, in the request's language (issue #16,
"Inconsistent answers")."""
import pytest

from organizations.choices import Role

BASE = "/api/v1/"


@pytest.fixture
def q3_writer(tree, make_user, api):
    return api.as_user(make_user(Role.INSPECTOR, [tree.q3]))


def _meeting(cell):
    return {"cell": cell.pk, "date": "2019-04-01", "kind": "regular", "duration_minutes": 90, "members_total": 20,
            "present": 19, "absent_excused": 1, "absent_unexcused": 0, "spoke": 6, "young_spoke": 1,
            "criticism_held": True}


def test_an_out_of_scope_id_in_a_body_is_refused_in_vietnamese_not_drfs_english(q3_writer, tree):
    response = q3_writer.post(f"{BASE}cell-meetings/", _meeting(tree.cuchi_cell), format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    message = " ".join(error["fields"]["cell"])
    assert "Invalid pk" not in message and "does not exist" not in message
    # The same answer as an id that exists nowhere: the body does not tell what lies outside the scope.
    unknown = q3_writer.post(f"{BASE}cell-meetings/", {**_meeting(tree.cuchi_cell), "cell": 10**9}, format="json")
    assert unknown.json()["error"]["fields"]["cell"] == error["fields"]["cell"]
    assert error["fields"]["cell"] == ["Không có hồ sơ này (hoặc hồ sơ ngoài phạm vi phụ trách)."]
    english = q3_writer.post(f"{BASE}cell-meetings/", _meeting(tree.cuchi_cell), format="json",
                             HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["fields"]["cell"] == ["No such record (or it is outside your scope)."]


def test_an_unknown_topic_code_and_a_wrong_id_type_are_answered_in_vietnamese(q3_writer):
    fields = q3_writer.post(f"{BASE}findings/", {"topic": "nope", "inspection": "abc"}, format="json").json()
    fields = fields["error"]["fields"]
    assert fields["topic"] == ["Không có hồ sơ này (hoặc hồ sơ ngoài phạm vi phụ trách)."]
    assert fields["inspection"] == ["Sai kiểu dữ liệu: cần mã định danh (id) của hồ sơ."]


def test_a_method_not_allowed_is_405_in_the_json_shape(q3_writer):
    response = q3_writer.delete(f"{BASE}topics/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("header", [None, "Token nope", "Bearer x"])
def test_missing_or_bad_credentials_are_401_with_www_authenticate(api, db, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = api.get(f"{BASE}organizations/", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["error"]["code"] in ("not_authenticated", "authentication_failed")


@pytest.mark.parametrize("path", [f"{BASE}no-such-thing/", "/api/no-such-version/x/", "/api/"])
def test_an_unknown_route_under_api_is_a_json_404_even_for_a_writer(q3_writer, path):
    response = q3_writer.post(path, {}, format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_405_is_json_on_the_schema_route_too(q3_writer):
    response = q3_writer.post("/api/schema/", {}, format="json")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_a_bulk_rows_unknown_id_is_answered_in_vietnamese_too(q3_writer, tree):
    row = {"organization": tree.q3_ward.pk, "term": 10**9, "full_name": "Nguyễn Văn B", "gender": "male",
           "birth_date": "1975-05-05", "position": "secretary", "from_date": "2015-07-16"}
    response = q3_writer.post(f"{BASE}committee-members/bulk/", {"rows": [row]}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["rows"][0]["fields"]["term"] == [
        "Không có hồ sơ này (hoặc hồ sơ ngoài phạm vi phụ trách)."]

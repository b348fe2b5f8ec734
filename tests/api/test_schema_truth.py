"""Single promises of the published schema, each pinned by a direct test
(the fuzz finds such breaks by chance; these say what was fixed)."""
import os

import pytest
from django.core.management import call_command
from django.test import Client

from organizations.choices import Role
from reports import kinds

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    """The served schema (its generation reads no database)."""
    return Client().get("/api/schema/", {"format": "json"}).json()


def test_the_schema_generates_without_warnings_and_is_valid_openapi():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def test_every_operation_documents_its_error_answers(schema):
    error = {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["ErrorBody"]["required"] == ["code", "fields", "message"]
    create = schema["paths"]["/api/v1/inspections/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409"} <= set(create)
    assert create["409"]["content"]["application/json"]["schema"] == error
    detail = schema["paths"]["/api/v1/inspections/{id}/"]["get"]["responses"]
    assert detail["404"]["content"]["application/json"]["schema"] == error
    assert "409" not in detail  # a read never conflicts


def test_every_operation_documents_each_error_status_it_can_answer(schema):
    """Walks the whole schema: 400 (undocumented parameters) everywhere; 401 (with WWW-Authenticate),
    403 and 429 (with Retry-After) for signed-in operations; 404 on records; 409 on writes; 413 on
    bodies; 422 and the Idempotency-Key header on every POST; every error in the one `Error` shape."""
    error = {"$ref": "#/components/schemas/Error"}
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            wanted = {"400", "401", "403", "429"}
            if method != "get" or "{" in path:
                wanted.add("404")
            if method in ("post", "put", "patch", "delete"):
                wanted.add("409")
            if method in ("post", "put", "patch"):
                wanted.add("413")
            if method == "post":
                wanted.add("422")
                if "Idempotency-Key" not in {p["name"] for p in operation.get("parameters", ()) if p["in"] == "header"}:
                    missing.append(f"{method.upper()} {path} Idempotency-Key")
            missing += [f"{method.upper()} {path} {code}" for code in sorted(wanted - set(responses))]
            missing += [f"{method.upper()} {path} {code} shape" for code, answer in responses.items()
                        if code.startswith("4") and answer.get("content", {}).get("application/json", {})
                        .get("schema") != error]
            if "WWW-Authenticate" not in responses.get("401", {}).get("headers", {}):
                missing.append(f"{method.upper()} {path} 401 WWW-Authenticate")
            if "Retry-After" not in responses.get("429", {}).get("headers", {}):
                missing.append(f"{method.upper()} {path} 429 Retry-After")
    assert missing == []


def test_report_kind_is_the_registry_enum(schema):
    kind = schema["components"]["schemas"]["ReportRequest"]["properties"]["kind"]
    assert kind["allOf"] == [{"$ref": "#/components/schemas/ReportKindEnum"}]
    enum = schema["components"]["schemas"]["ReportKindEnum"]["enum"]
    assert sorted(enum) == sorted(kind.code for kind in kinds.all_kinds())
    assert kinds.ORGANIZATION_STRUCTURE in enum


def test_list_answers_are_documented_as_they_are_sent(schema):
    def body(path):
        return schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert body("/api/v1/rule-runs/{id}/by-topic/")["type"] == "array"
    assert body("/api/v1/findings/recurring/")["type"] == "array"
    assert body("/api/v1/remediation-requirements/{id}/timeline/")["type"] == "array"
    assert body("/api/v1/admissions/{id}/progress/") == {"$ref": "#/components/schemas/AdmissionProgress"}
    assert body("/api/v1/topics/")["type"] == "array"
    assert body("/api/v1/organizations/")["$ref"] == "#/components/schemas/PaginatedOrganizationList"


def test_unknown_api_paths_answer_with_the_json_error(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    # Without the slash, the endpoints are still found through APPEND_SLASH.
    assert client.get("/api/v1/organizations").status_code == 301


def test_a_year_filter_out_of_range_is_a_400_not_a_crash(api, make_user, tree):
    client = api.as_user(make_user(role=Role.ADMIN))
    for url in ("/api/v1/documents/", "/api/v1/cell-meetings/", "/api/v1/progress-reports/", "/api/v1/rule-runs/"):
        response = client.get(url, {"year": "99999999999999999999"})
        assert response.status_code == 400, (url, response.content)
        assert "year" in response.json()["error"]["fields"]
        assert client.get(url, {"year": "2019"}).status_code == 200


def test_a_new_cadre_is_answered_with_its_current_titles(api, make_user, tree):
    client = api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    response = client.post("/api/v1/cadres/", {
        "code": "CB-NEW", "full_name": "Lê Thị Hoa", "birth_date": "1980-02-03", "gender": "female",
        "organization": tree.q3_ward.pk,
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["current_titles"] == []
    assert response.json()["organization_detail"]["id"] == tree.q3_ward.pk


def test_nullable_details_are_declared_nullable(schema):
    props = schema["components"]["schemas"]
    assert props["Organization"]["properties"]["parent_detail"]["nullable"] is True
    assert props["Document"]["properties"]["issuer_detail"]["nullable"] is True
    assert props["Requirement"]["properties"]["verified_by"]["nullable"] is True
    removal = props["PlanningEntry"]["properties"]["removal_reason"]["oneOf"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in removal


def test_a_topic_code_with_a_nul_character_is_refused_not_a_crash(api, make_user, tree):
    # PostgreSQL cannot compare a string holding NUL: the lookup itself failed with a 500.
    client = api.as_user(make_user(role=Role.ADMIN))
    response = client.post("/api/v1/findings/", {"topic": "a\x00b", "text": "x"}, format="json")
    assert response.status_code == 400
    assert "topic" in response.json()["error"]["fields"]
    assert client.get("/api/v1/topics/a%00b/").status_code == 404


def test_every_operation_says_what_it_does(schema):
    """An integrator reads what each operation does (the view's docstring, or extend_schema's summary)."""
    undescribed = [f"{method.upper()} {path}" for path, item in schema["paths"].items()
                   for method, operation in item.items()
                   if not (operation.get("description") or operation.get("summary") or "").strip()]
    assert undescribed == []


def test_page_size_cap_and_the_integrator_routes_are_documented(schema):
    page_size = next(p for p in schema["paths"]["/api/v1/organizations/"]["get"]["parameters"]
                     if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 500 and "500" in page_size["description"]
    by_key = {p["name"]: p for p in schema["paths"]["/api/v1/cell-meetings/by-key/"]["get"]["parameters"]}
    assert {name for name, p in by_key.items() if p.get("required")} == {"cell", "date", "kind"}
    assert by_key["kind"]["schema"]["enum"]
    bulk = schema["paths"]["/api/v1/quality-ratings/bulk/"]["post"]
    assert {"200", "201", "400", "409"} <= set(bulk["responses"])
    assert "/api/v1/organization-successions/{id}/" in schema["paths"]


def test_topic_fields_are_documented_as_slugs_from_the_topics_list(schema):
    """Topics are a database list (administrators keep it): a slug whose valid values are GET /api/v1/topics/."""
    props = schema["components"]["schemas"]
    for spec in (props["Finding"]["properties"]["topic"], props["ProgramItemInput"]["properties"]["topic"],
                 props["Inspection"]["properties"]["topics"]["items"]):
        assert spec["pattern"] == "^[-a-zA-Z0-9_]+$" and "/api/v1/topics/" in spec["description"]


def test_every_status_and_kind_is_an_enum(schema):
    """A choice is published with its values, not as a free string (only the documented exceptions)."""
    names = {"status", "kind", "state", "outcome", "severity", "form", "level", "role", "mode", "action"}
    allowed = {("Report", "kind")}  # read-only: a report keeps the code of a kind withdrawn later (described)
    free = [(component, name) for component, spec in schema["components"]["schemas"].items()
            for name, prop in spec.get("properties", {}).items()
            if name in names and prop.get("type") == "string" and "enum" not in prop
            and (component, name) not in allowed]
    assert free == []
    event = schema["components"]["schemas"]["Event"]["properties"]["kind"]
    assert event == {"$ref": "#/components/schemas/RequirementEventKindEnum"}

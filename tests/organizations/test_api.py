import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.services import SYSTEM
from organizations.choices import Role
from organizations.models import Organization
from organizations.services import organization_reorganize
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _list_queries(api, user, url):
    user = type(user).objects.get(pk=user.pk)  # a fresh instance, as every real request has
    with CaptureQueriesContext(connection) as ctx:
        response = api.as_user(user).get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_list_query_count_does_not_grow_with_rows(api, tree, make_user):
    user = make_user(Role.LEADER, [tree.q3])
    few, body = _list_queries(api, user, "/api/v1/organizations/")
    for i in range(20):
        OrganizationFactory(parent=tree.q3_ward, name=f"Chi bộ {i}")
    many, body_many = _list_queries(api, user, "/api/v1/organizations/")
    assert body_many["count"] == body["count"] + 20
    assert many == few


def test_within_filter_and_search(api, tree, make_user):
    user = make_user(Role.LEADER, [tree.city])
    response = api.as_user(user).get("/api/v1/organizations/", {"within": tree.cuchi.pk})
    assert {r["code"] for r in response.json()["results"]} == {"cc", "cc-tth", "cc-tth-at"}
    response = api.as_user(user).get("/api/v1/organizations/", {"q": "tan thong hoi"})
    assert [r["code"] for r in response.json()["results"]] == ["cc-tth"]


def test_active_on_filter_keeps_dissolved_organizations_in_the_past(api, tree, make_user):
    ward = OrganizationFactory(name="Đảng ủy phường Bàn Cờ", code="banco", parent=tree.city)
    organization_reorganize(user=SYSTEM,
                            predecessors=[tree.q3], successor=ward, effective_date=datetime.date(2025, 7, 1))
    user = make_user(Role.LEADER, [tree.city])
    codes_2019 = {r["code"] for r in api.as_user(user).get(
        "/api/v1/organizations/", {"active_on": "2019-03-29", "page_size": 100}).json()["results"]}
    codes_2026 = {r["code"] for r in api.as_user(user).get(
        "/api/v1/organizations/", {"active_on": "2026-01-01", "page_size": 100}).json()["results"]}
    assert "q3" in codes_2019 and "banco" not in codes_2019
    assert "q3" not in codes_2026 and "banco" in codes_2026
    tree.q3.refresh_from_db()
    assert tree.q3.valid_to == datetime.date(2025, 6, 30)
    assert tree.q3.successor_links.get().successor == ward


def test_move_via_api_and_cycle_is_a_structured_error(api, tree, make_user):
    admin = make_user(Role.ADMIN)
    client = api.as_user(admin)
    response = client.patch(f"/api/v1/organizations/{tree.q3.pk}/", {"parent": tree.q3_cell.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "tree_cycle"
    response = client.patch(f"/api/v1/organizations/{tree.q3_ward.pk}/", {"parent": tree.cuchi.pk}, format="json")
    assert response.status_code == 200
    assert Organization.objects.get(pk=tree.q3_cell.pk).path.startswith(tree.cuchi.path)


def test_delete_is_refused_to_keep_history(api, tree, make_user):
    response = api.as_user(make_user(Role.ADMIN)).delete(f"/api/v1/organizations/{tree.q3_cell.pk}/")
    assert response.status_code == 409
    assert Organization.objects.filter(pk=tree.q3_cell.pk).exists()


def test_invalid_input_is_a_structured_400(api, tree, make_user):
    response = api.as_user(make_user(Role.ADMIN)).post(
        "/api/v1/organizations/", {"name": "", "code": "x y", "kind": "nope"}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"name", "code", "kind"} <= set(fields)


def test_as_of_is_the_same_filter_as_active_on(api, tree, make_user):
    ward = OrganizationFactory(name="Đảng ủy phường Bàn Cờ", code="banco", parent=tree.city)
    organization_reorganize(user=SYSTEM,
                            predecessors=[tree.q3], successor=ward, effective_date=datetime.date(2025, 7, 1))
    client = api.as_user(make_user(Role.LEADER, [tree.city]))

    def codes(**params):
        return {r["code"] for r in client.get("/api/v1/organizations/", {"page_size": 100, **params}).json()["results"]}

    assert codes(as_of="29/03/2019") == codes(active_on="2019-03-29")
    assert "q3" in codes(as_of="2019-03-29") and "banco" not in codes(as_of="2019-03-29")
    assert "q3" not in codes(as_of="2026-01-01") and "banco" in codes(as_of="2026-01-01")
    bad = client.get("/api/v1/organizations/", {"as_of": "31/02/2019"})
    assert bad.status_code == 400 and "as_of" in bad.json()["error"]["fields"]

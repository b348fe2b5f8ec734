"""One subtree cannot read or change another's, through the HTML views, the API or the admin."""
import pytest
from django.urls import reverse

from organizations.choices import Role
from organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3_inspector(tree, make_user):
    return make_user(Role.INSPECTOR, [tree.q3])


@pytest.fixture
def q3_leader(tree, make_user):
    return make_user(Role.LEADER, [tree.q3])


# --- HTML -----------------------------------------------------------------

def test_html_list_contains_only_own_subtree(client, tree, q3_leader):
    client.force_login(q3_leader)
    response = client.get(reverse("organizations:organization-list"))
    names = {org.name for org in response.context["object_list"]}
    assert names == {"Quận ủy Quận 3", "Đảng ủy phường Võ Thị Sáu", "Chi bộ Khu phố 1"}


def test_html_detail_of_other_subtree_is_404(client, tree, q3_leader):
    client.force_login(q3_leader)
    assert client.get(reverse("organizations:organization-detail", args=[tree.q3_cell.pk])).status_code == 200
    response = client.get(reverse("organizations:organization-detail", args=[tree.cuchi.pk]))
    assert response.status_code == 404
    assert "Củ Chi" not in response.content.decode()


def test_html_requires_login(client, tree):
    response = client.get(reverse("organizations:organization-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_html_search_ignores_diacritics(client, tree, make_user):
    client.force_login(make_user(Role.LEADER, [tree.city]))
    response = client.get(reverse("organizations:organization-list"), {"q": "cu chi"})
    assert [o.name for o in response.context["object_list"]] == ["Huyện ủy Củ Chi"]


# --- API ------------------------------------------------------------------

def test_api_anonymous_is_refused(api, tree):
    response = api.get("/api/v1/organizations/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_api_list_contains_only_own_subtree(api, tree, q3_leader):
    response = api.as_user(q3_leader).get("/api/v1/organizations/")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {"q3", "q3-vts", "q3-vts-kp1"}


def test_api_other_subtree_is_404_for_read_and_write(api, tree, make_user):
    admin_like = make_user(Role.ADMIN)
    q3_admin_scoped = make_user(Role.API_CLIENT, [tree.q3], api_write=True)
    url = f"/api/v1/organizations/{tree.cuchi.pk}/"
    client = api.as_user(q3_admin_scoped)
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "Bị sửa"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert api.as_user(admin_like).get(url).status_code == 200
    tree.cuchi.refresh_from_db()
    assert tree.cuchi.name == "Huyện ủy Củ Chi"


def test_api_cannot_create_under_other_subtree(api, tree, make_user):
    writer = make_user(Role.API_CLIENT, [tree.q3], api_write=True)
    response = api.as_user(writer).post(
        "/api/v1/organizations/",
        {"name": "Chi bộ lạ", "code": "la", "kind": "subordinate_cell", "parent": tree.cuchi_commune.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()["error"]["fields"]
    assert not Organization.objects.filter(code="la").exists()


def test_api_leader_cannot_write(api, tree, q3_leader):
    url = f"/api/v1/organizations/{tree.q3_ward.pk}/"
    response = api.as_user(q3_leader).patch(url, {"name": "Đổi tên"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_api_read_only_client_cannot_write(api, tree, make_user):
    client_user = make_user(Role.API_CLIENT, [tree.city])
    response = api.as_user(client_user).post("/api/v1/organizations/", {"name": "x"}, format="json")
    assert response.status_code == 403


# --- Admin ----------------------------------------------------------------

def test_admin_changelist_and_change_page_are_scoped(client, tree, q3_leader):
    client.force_login(q3_leader)
    changelist = client.get(reverse("admin:organizations_organization_changelist"))
    assert changelist.status_code == 200
    shown = {obj.name for obj in changelist.context["cl"].result_list}
    assert "Huyện ủy Củ Chi" not in shown and "Quận ủy Quận 3" in shown
    other = client.get(reverse("admin:organizations_organization_change", args=[tree.cuchi.pk]))
    assert other.status_code in (302, 404)
    assert "Củ Chi" not in other.content.decode()


def test_admin_leader_sees_read_only_and_cannot_post(client, tree, q3_leader):
    client.force_login(q3_leader)
    url = reverse("admin:organizations_organization_change", args=[tree.q3_ward.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    response = client.post(url, {"name": "Đổi tên", "code": "q3-vts", "kind": "grassroots_committee"})
    assert response.status_code == 403
    tree.q3_ward.refresh_from_db()
    assert tree.q3_ward.name == "Đảng ủy phường Võ Thị Sáu"


def test_admin_parent_choices_are_scoped(client, tree, make_user):
    admin_user = make_user(Role.INSPECTOR, [tree.q3])
    client.force_login(admin_user)
    response = client.get(reverse("admin:organizations_organizationsuccession_changelist"))
    assert response.status_code == 200
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "organizations", "model_name": "organizationsuccession", "field_name": "successor", "term": "cu"},
    )
    assert autocomplete.status_code == 200
    assert "Củ Chi" not in autocomplete.content.decode()


def test_admin_history_pages_of_other_subtree_are_404(client, tree, q3_leader):
    client.force_login(q3_leader)
    own = client.get(reverse("admin:organizations_organization_history", args=[tree.q3_ward.pk]))
    assert own.status_code == 200
    other = client.get(reverse("admin:organizations_organization_history", args=[tree.cuchi.pk]))
    assert other.status_code == 404
    version = tree.cuchi.history.first()
    past = client.get(reverse("admin:organizations_organization_simple_history",
                              args=[tree.cuchi.pk, version.history_id]))
    assert past.status_code == 404


def test_html_list_query_count_does_not_grow_with_rows(client, tree, q3_leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganizationFactory

    def count():
        client.force_login(type(q3_leader).objects.get(pk=q3_leader.pk))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("organizations:organization-list")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(20):
        OrganizationFactory(parent=tree.q3_ward, name=f"Chi bộ {i}")
    assert count() == few

"""API pagination at scale: keyset (cursor) pages for integrators that cost the
same at any depth and count nothing, and numbered pages whose large totals are
counted once and kept for a minute."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.pagination import decode_cursor, encode_cursor
from organizations.choices import Role
from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations/"


@pytest.fixture
def api(make_user, tree):
    client = APIClient()
    client.force_authenticate(make_user(Role.ADMIN, [tree.city]))
    return client


def _get(api, url):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def _counts(sqls):
    return [sql for sql in sqls if "COUNT(" in sql.upper()]


def test_cursor_pages_walk_every_row_once_in_id_order_without_a_count(api, tree):
    seen, url, pages = [], f"{URL}?cursor=&page_size=3", 0
    while url:
        response, sqls = _get(api, url)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] is None and body["previous"] is None and not _counts(sqls)
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert seen == sorted(Organization.objects.values_list("pk", flat=True))
    assert pages == 3  # 7 organizations, 3 a page


def test_a_deep_cursor_page_runs_the_statements_of_the_first(api, tree):
    first, first_sqls = _get(api, f"{URL}?cursor=&page_size=2")
    deep, deep_sqls = _get(api, f"{URL}?cursor={encode_cursor(tree.cuchi.pk - 1)}&page_size=2")
    assert deep.status_code == 200 and len(deep_sqls) == len(first_sqls)
    assert deep.json()["results"][0]["id"] == tree.cuchi.pk


def test_cursor_pages_keep_the_filters_and_the_scope(make_user, tree):
    client = APIClient()
    client.force_authenticate(make_user(Role.LEADER, [tree.q3]))
    body = client.get(f"{URL}?cursor=&page_size=50").json()
    assert {row["id"] for row in body["results"]} == {tree.q3.pk, tree.q3_ward.pk, tree.q3_cell.pk}
    body = client.get(f"{URL}?cursor=&within={tree.q3_ward.pk}").json()
    assert {row["id"] for row in body["results"]} == {tree.q3_ward.pk, tree.q3_cell.pk}


@pytest.mark.parametrize("cursor", ["abc", "!!!", encode_cursor(1)[:-2] + "zz", "aWQ6LTE", "eDox"])
def test_a_made_up_cursor_is_a_400_naming_the_field(api, tree, cursor):
    response = api.get(f"{URL}?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["cursor"]


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(123456)) == 123456
    assert decode_cursor("") is None


def test_numbered_pages_count_small_totals_every_time(api, tree):
    assert api.get(f"{URL}?page_size=2").json()["count"] == 7
    OrganizationFactory(parent=tree.q3)
    assert api.get(f"{URL}?page_size=2").json()["count"] == 8


def test_a_large_total_is_counted_once_then_read_from_the_cache(api, tree, settings):
    settings.API_COUNT_CACHE_MIN_ROWS = 5
    cache.clear()
    first, first_sqls = _get(api, f"{URL}?page_size=2")
    second, second_sqls = _get(api, f"{URL}?page_size=2&page=3")
    assert first.json()["count"] == second.json()["count"] == 7
    assert len(_counts(first_sqls)) == 1 and _counts(second_sqls) == []
    other, other_sqls = _get(api, f"{URL}?page_size=2&within={tree.q3.pk}")  # another filter: its own count
    assert other.json()["count"] == 3 and len(_counts(other_sqls)) == 1
    cache.clear()

"""The dashboard's figures are cached per scope and filters, and a write to a
record they count drops them at once."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspection.choices import InspectionStatus as S
from organizations.choices import Role
from reports.dashboard import dashboard_data
from tests.inspection.factories import walk
from tests.organizations.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def board(make_user, tree):
    TermFactory()
    return make_user(Role.INSPECTOR, [tree.city])


def _read(user, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        data = dashboard_data(user=user, **kwargs)
    return data, len(queries)


def test_a_second_read_runs_no_query(tree, board):
    walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, code="KT-1")
    first, first_queries = _read(board)
    again, again_queries = _read(board)
    assert first_queries >= 5 and again_queries == 0
    assert again["requirement_totals"] == first["requirement_totals"]


def test_a_write_to_a_counted_record_drops_the_figures(tree, board):
    walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, code="KT-1")
    before, _ = _read(board)
    walk(tree, board, targets=[tree.cuchi], status=S.CONCLUDED, code="KT-2")
    after, queries = _read(board)
    assert queries > 0
    assert after["requirement_totals"]["total"] == before["requirement_totals"]["total"] + 1


def test_figures_are_kept_per_scope_and_shared_within_one(tree, board, make_user):
    walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.CONCLUDED, code="KT-1")
    q3_leader, other_q3_leader = make_user(Role.LEADER, [tree.q3]), make_user(Role.LEADER, [tree.q3])
    cuchi_leader = make_user(Role.LEADER, [tree.cuchi])
    city, _ = _read(board)
    q3, _ = _read(q3_leader)
    shared, queries = _read(other_q3_leader)
    cuchi, _ = _read(cuchi_leader)
    assert (city["requirement_totals"]["total"], q3["requirement_totals"]["total"]) == (2, 1)
    assert shared["requirement_totals"] == q3["requirement_totals"] and queries <= 1  # the scope's paths only
    assert [r["responsible_organization__name"] for r in cuchi["overdue_by_organization"]] == ["Huyện ủy Củ Chi"]


def test_filters_are_part_of_the_key(tree, board):
    walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, code="KT-1")
    all_years, _ = _read(board)
    other_year, queries = _read(board, year=2001)
    assert queries > 0
    assert all_years["requirement_totals"]["total"] == 1 and other_year["requirement_totals"]["total"] == 0


def test_zero_seconds_turns_the_cache_off(tree, board, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _read(board)
    _data, queries = _read(board)
    assert queries >= 5

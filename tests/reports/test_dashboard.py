import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection.choices import InspectionStatus as S
from organizations.choices import Role
from tests.inspection.factories import walk
from tests.organizations.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_user, tree):
    TermFactory()
    return make_user(Role.INSPECTOR, [tree.city])


def _get(client, user, **params):
    client.force_login(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_dashboard_counts_only_the_users_subtree(client, tree, board, make_user):
    walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.CONCLUDED, code="KT-1")
    leader = make_user(Role.LEADER, [tree.q3])
    city, _ = _get(client, board)
    q3, _ = _get(client, leader)
    assert city.context["requirement_totals"]["total"] == 2
    assert q3.context["requirement_totals"]["total"] == 1
    assert q3.context["requirement_totals"]["overdue"] == 1  # deadline 31/12/2019 has passed
    assert [r["responsible_organization__name"] for r in q3.context["overdue_by_organization"]] == ["Quận ủy Quận 3"]
    assert "Huyện ủy Củ Chi" not in q3.content.decode()


def test_dashboard_year_filter_and_recurring_limitations(client, tree, board):
    walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.CONCLUDED, code="KT-1")
    response, _ = _get(client, board, year=2019)
    assert response.context["recurring"][0]["organizations"] == 2
    empty, _ = _get(client, board, year=2018)
    assert empty.context["requirement_totals"]["total"] == 0


def test_dashboard_query_count_does_not_grow(client, tree, board):
    walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, code="KT-1")
    _, few = _get(client, board)
    for i in range(4):
        walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.CONCLUDED, code=f"KT-{i + 2}")
    _, many = _get(client, board)
    assert many == few


def test_dashboard_needs_login_and_serves_unit_reporters(client, tree, make_user):
    user = make_user(Role.REPORTER, [tree.cuchi])
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200  # reporters read inspections of their unit
    anonymous = client.__class__().get(reverse("dashboard"))
    assert anonymous.status_code == 302

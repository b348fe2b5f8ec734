"""The cold dashboard sends the same statements whatever the number of rule
results and findings, and a reader who sees the latest run's whole scope gets
its breaches by rule from the run's stored summary, not from its results (#18:
a whole-city run flags ~34,000 results)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection.choices import InspectionStatus as S
from organizations.choices import Role
from rules.models import RuleCheckResult
from tests.inspection.factories import walk
from tests.organizations.factories import CellMeetingFactory, QualityRatingFactory, TermFactory
from tests.rules.helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_user, tree):
    TermFactory()
    return make_user(Role.INSPECTOR, [tree.city])


def _statements(client, user):
    client.force_login(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard"))  # the tests' settings cache nothing: every request is cold
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def _grow(tree, board):
    """More findings (tagged limitations in more organizations) and a later run of every rule with more breaches."""
    for i, targets in enumerate(([tree.q3, tree.cuchi], [tree.q3_ward, tree.cuchi_commune], [tree.q3, tree.cuchi])):
        walk(tree, board, targets=targets, status=S.CONCLUDED, code=f"KT-{i + 2}")
    for org in (tree.cuchi_commune, tree.q3, tree.cuchi):
        QualityRatingFactory(organization=org, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    for cell in (tree.q3_cell, tree.cuchi_cell):
        CellMeetingFactory(cell=cell, date=D(2018, 1, 5))
    return run_rules(tree.city, Y2018)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEADER])
def test_cold_dashboard_statements_do_not_grow_with_results_and_findings(client, tree, board, make_user, role):
    reader = make_user(role, [tree.city])
    walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, code="KT-1")
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    first = run_rules(tree.city, Y2018, ["QR-1"])
    few_page, few = _statements(client, reader)
    later = _grow(tree, board)
    many_page, many = _statements(client, reader)
    assert later.results.count() > 10 * first.results.count()
    assert sum(r["limitations"] for r in many_page.context["findings_by_topic"]) > sum(
        r["limitations"] for r in few_page.context["findings_by_topic"])
    assert many_page.context["rule_run"] == later and len(many_page.context["rule_breaches"]) > 1
    assert len(many) == len(few)
    # The run's scope is the reader's: its breaches come from the run's summary, no statement reads its results.
    assert not [sql for sql in many if RuleCheckResult._meta.db_table in sql]


def test_summary_figures_equal_the_results_counted(client, tree, board, make_user):
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    run = _grow(tree, board)
    page, _sqls = _statements(client, make_user(Role.LEADER, [tree.city]))
    counted = RuleCheckResult.objects.filter(run=run, outcome__in=("breach", "warning"))
    expected = {}
    for code, outcome, org in counted.values_list("rule_code", "outcome", "organization"):
        expected.setdefault(code, {"breach": set(), "warning": set()})[outcome].add(org)
    assert {row["rule_code"]: (row["organizations"], row["warnings"]) for row in page.context["rule_breaches"]} == {
        code: (len(orgs["breach"]), len(orgs["warning"])) for code, orgs in expected.items()}

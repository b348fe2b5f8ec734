"""A finished run stores, per rule and outcome, how many organizations its
results name (RuleCheckRun.summary); breaches_by_rule reads it for a reader
who sees the run's whole scope and counts the results in scope otherwise."""
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from organizations.choices import Role
from rules.models import RuleCheckResult, RuleCheckRun
from rules.selectors import breaches_by_rule
from tests.organizations.factories import CellMeetingFactory, QualityRatingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(tree):
    for org in (tree.q3_ward, tree.cuchi_commune):
        QualityRatingFactory(organization=org, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    return run_rules(tree.city, Y2018)


def _counted(run):
    rows = RuleCheckResult.objects.filter(run=run).values_list("rule_code", "outcome").annotate(
        n=Count("organization", distinct=True)).order_by()
    summary = {}
    for code, outcome, n in rows:
        summary.setdefault(code, {})[outcome] = n
    return summary


def test_a_finished_run_stores_its_counts_by_rule_and_outcome(run):
    run.refresh_from_db()
    assert run.summary == _counted(run)
    assert run.summary["QR-1"]["breach"] == 2 and run.summary["CM-1"]["warning"] >= 1


def test_breaches_by_rule_reads_the_summary_only_for_a_reader_of_the_whole_scope(tree, run, make_user):
    run = RuleCheckRun.objects.select_related("scope").get(pk=run.pk)
    city_leader, q3_leader = make_user(Role.LEADER, [tree.city]), make_user(Role.LEADER, [tree.q3])
    city_leader.scope_paths()  # read once per user
    with CaptureQueriesContext(connection) as queries:
        whole = breaches_by_rule(user=city_leader, run=run)
    assert len(queries) == 0
    stored, run.summary = run.summary, None
    assert breaches_by_rule(user=city_leader, run=run) == whole  # the results counted: the same figures
    run.summary = stored
    q3 = {row["rule_code"]: row["organizations"] for row in breaches_by_rule(user=q3_leader, run=run)}
    assert q3["QR-1"] == 1  # the ward of Quận 3, not the commune of Củ Chi


def test_the_migration_fills_the_summary_of_finished_runs(run):
    RuleCheckRun.objects.filter(pk=run.pk).update(summary=None)
    migration = importlib.import_module("rules.migrations.0007_run_summary_by_rule_and_outcome")
    migration.summarize_finished_runs(django_apps, None)
    run.refresh_from_db()
    assert run.summary == _counted(run) and run.summary

"""Confidence names the outcome: an [R] rule that trips reports "Vi phạm", an
[S]/[M] rule "Cần xem xét"; warnings are counted apart from breaches and the
rules page explains the difference."""
import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from organizations.choices import Role
from organizations.models import User
from reports.dashboard import dashboard_data
from rules.base import REGISTRY
from rules.choices import Confidence, Outcome
from rules.models import RuleCheckResult
from tests.organizations.factories import CellMeetingFactory, QualityRatingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db


def test_confidence_names_the_outcome(tree):
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    run = run_rules(tree.city, Y2018, ["QR-1", "CM-1"])
    outcomes = {(r.rule_code, r.organization.code): r.outcome for r in run.results.select_related("organization")}
    assert REGISTRY["QR-1"].confidence == Confidence.VERIFIED
    assert outcomes[("QR-1", "q3-vts")] == Outcome.BREACH
    assert REGISTRY["CM-1"].confidence == Confidence.TO_CONFIRM
    assert outcomes[("CM-1", "q3-vts-kp1")] == Outcome.WARNING


@pytest.mark.parametrize("code", ["QR-2", "CM-1", "AD-2"])
def test_the_rules_the_issue_names_are_warnings(code):
    assert REGISTRY[code].confidence == Confidence.TO_CONFIRM


def test_rules_citing_what_is_to_confirm_are_warnings():
    for rule in REGISTRY.values():
        if "[M" in rule.regulation or "[S" in rule.regulation:
            assert rule.confidence == Confidence.TO_CONFIRM or rule.versions, rule.code


def test_dashboard_counts_warnings_apart(tree, make_user):
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    run_rules(tree.city, Y2018, ["QR-1", "CM-1"])
    data = dashboard_data(user=make_user(organizations=[tree.city]), year=2018)
    assert {row["rule_code"]: (row["organizations"], row["warnings"]) for row in data["rule_breaches"]} == {
        "CM-1": (0, 1), "QR-1": (1, 0)}


def test_rules_page_explains_breach_and_warning(tree, make_user):
    client = Client()
    client.force_login(User.objects.get(pk=make_user(Role.LEADER, [tree.city]).pk))
    page = client.get(reverse("rules:rule-list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "«Vi phạm» và «Cần xem xét»" in html and "Cảnh báo được đếm riêng" in html
    assert "QR-2" in html and "CM-3" in html
    client.logout()
    assert client.get(reverse("rules:rule-list")).status_code == 302


def test_stored_breaches_of_the_warning_rules_become_warnings(tree):
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    run = run_rules(tree.city, Y2018, ["QR-1", "CM-1"])
    RuleCheckResult.objects.filter(run=run, outcome=Outcome.WARNING).update(outcome=Outcome.BREACH)  # as stored before
    migration = importlib.import_module("rules.migrations.0005_outcome_warning_and_not_judged")
    migration.breaches_to_warnings(django_apps, None)
    assert dict(run.results.values_list("rule_code", "outcome").filter(organization__code__in=["q3-vts-kp1",
                                                                                               "q3-vts"])) == {
        "CM-1": Outcome.WARNING, "QR-1": Outcome.BREACH}

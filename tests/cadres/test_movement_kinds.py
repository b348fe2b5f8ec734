"""Party posts are elected or designated, not appointed: movements tell "Bầu",
"Chỉ định", "Bổ nhiệm" and "Bổ nhiệm lại" apart, and AP-1 judges first
appointments to appointed posts only. The data migration moves recorded
congress re-elections out of "Bổ nhiệm lại"."""
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from cadres.choices import MovementKind
from cadres.models import Movement
from cadres.norms import RetirementTable
from rules.base import REGISTRY, Context
from tests.cadres.factories import CadreFactory, MovementFactory, TitleFactory
from tests.organizations.factories import TermFactory

pytestmark = pytest.mark.django_db
D = __import__("datetime").date


def test_the_four_ways_to_a_post_are_distinct_choices():
    labels = dict(MovementKind.choices)
    assert [labels[k] for k in ("election", "designation", "appointment", "reappointment")] == [
        "Bầu", "Chỉ định", "Bổ nhiệm", "Bổ nhiệm lại"]


@pytest.mark.parametrize("kind", [MovementKind.ELECTION, MovementKind.DESIGNATION])
def test_an_election_or_designation_names_its_post(tree, kind):
    movement = MovementFactory.build(cadre=CadreFactory(organization=tree.q3), kind=kind, to_title=None)
    with pytest.raises(ValidationError):
        movement.full_clean()


def test_ap1_judges_first_appointments_only(tree):
    TermFactory(start_year=2020)
    title = TitleFactory()
    old = D(1960, 1, 1)  # retires in 2020: far less than 5 years left in 2019
    assert RetirementTable().retirement_date(old, "male").year == 2020
    for kind in (MovementKind.ELECTION, MovementKind.DESIGNATION, MovementKind.REAPPOINTMENT):
        MovementFactory(cadre=CadreFactory(organization=tree.q3, birth_date=old), kind=kind, to_title=title,
                        effective_on=D(2019, 6, 1))
    rule = REGISTRY["AP-1"]
    ctx = Context(period_start=D(2019, 1, 1), period_end=D(2019, 12, 31), thresholds=dict(rule.defaults),
                  scope=tree.city)
    results = {r.organization_id: r for r in rule.evaluate_many(rule.active_targets(tree.city, ctx), ctx)}
    assert results[tree.q3.pk].outcome == "not_applicable"  # no first appointment: nothing to judge
    MovementFactory(cadre=CadreFactory(organization=tree.q3, birth_date=old), kind=MovementKind.APPOINTMENT,
                    to_title=title, effective_on=D(2019, 6, 1))
    results = {r.organization_id: r for r in rule.evaluate_many(rule.active_targets(tree.city, ctx), ctx)}
    # 2019: judged under QĐ 105 (to confirm), a warning
    assert (results[tree.q3.pk].outcome, results[tree.q3.pk].params["total"]) == ("warning", 1)


def test_data_migration_turns_recorded_elections_into_elections(tree):
    title = TitleFactory()
    reelected = MovementFactory(kind=MovementKind.REAPPOINTMENT, to_title=title, decision="Bầu tại Đại hội 2020–2025")
    conference = MovementFactory(kind=MovementKind.APPOINTMENT, to_title=title,
                                 decision="Nghị quyết Hội nghị Ban Chấp hành lần thứ 5")
    appointed = MovementFactory(kind=MovementKind.APPOINTMENT, to_title=title, decision="58-QĐ/ĐU")
    reappointed = MovementFactory(kind=MovementKind.REAPPOINTMENT, to_title=title, decision="120-QĐ/QU")
    migration = importlib.import_module("cadres.migrations.0003_movement_election_designation")
    migration.elections_apart(django_apps, None)
    kinds = dict(Movement.objects.values_list("pk", "kind"))
    assert kinds == {reelected.pk: "election", conference.pk: "election", appointed.pk: "appointment",
                     reappointed.pk: "reappointment"}

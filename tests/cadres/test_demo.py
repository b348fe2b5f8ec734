"""The demo reproduces the findings of 3150-TB/TU's second inspection, and loads idempotently."""
import datetime

import pytest

from cadres import demo, selectors
from cadres.models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord
from core.services import SYSTEM
from organizations import demo as organizations_demo
from organizations.models import Organization, Term

pytestmark = pytest.mark.django_db
MID_2019 = datetime.date(2019, 6, 30)
MODELS = (Cadre, Title, TitleAssignment, PlanningEntry, TrainingRecord, Movement)


@pytest.fixture
def loaded():
    organizations_demo.load()
    demo.load()
    return {o.code: o for o in Organization.objects.all()}, Term.objects.get(name="2020–2025")


def test_second_load_changes_nothing(loaded):
    before = [(m.objects.count(), m.history.count()) for m in MODELS]
    demo.load()
    assert [(m.objects.count(), m.history.count()) for m in MODELS] == before


def test_demo_agrees_with_the_seed(loaded):
    """Strengths (planning reviewed, rotation and appointment by procedure) hold; the limitation on
    political theory shows (rules/seed_expectations.py has the whole table)."""
    orgs, term = loaded
    q7 = selectors.plan_composition(user=SYSTEM, organization=orgs["qu-q7"], term=term, as_of=MID_2019)
    assert q7["titles_over_limit"] == []  # the 2019 review took Q7-05 out of Phó Bí thư when Q7-04 came in
    hocmon = selectors.plan_composition(user=SYSTEM, organization=orgs["hu-hocmon"], term=term, as_of=MID_2019)
    assert (hocmon["people"], hocmon["women"]["count"], hocmon["women"]["below_min"]) == (6, 2, False)
    resco_gap = selectors.standards_gap(user=SYSTEM, organization=orgs["du-resco"], as_of=MID_2019)
    assert [r["cadre_code"] for r in resco_gap["not_in_training"]] == ["RS-01"]  # the secretary, trung cấp
    resco = selectors.age_feasibility(user=SYSTEM, organization=orgs["du-resco"], term=term, as_of=MID_2019)
    assert resco["rotations_too_short"] == [] and resco["appointments_near_retirement"] == []
    assert resco["cannot_serve_full_term"] == []  # RS-03 left the plan when elected deputy secretary
    daihoc = selectors.age_feasibility(user=SYSTEM, organization=orgs["du-daihoc"], term=term,
                                       as_of=datetime.date(2019, 12, 31))
    assert daihoc["appointees_not_in_plan"] == []  # DH-03 was planned for the post
    hocmon_mid = selectors.age_feasibility(user=SYSTEM, organization=orgs["hu-hocmon"], term=term, as_of=MID_2019)
    assert hocmon_mid["cannot_serve_full_term"] == []  # HM-07 left the plan at the 2019 review

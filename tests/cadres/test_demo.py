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


def test_demo_shows_the_findings(loaded):
    orgs, term = loaded
    q7 = selectors.plan_composition(user=SYSTEM, organization=orgs["qu-q7"], term=term, as_of=MID_2019)
    assert [(r["title_name"], r["count"]) for r in q7["titles_over_limit"]] == [("Phó Bí thư", 4)]
    hocmon = selectors.plan_composition(user=SYSTEM, organization=orgs["hu-hocmon"], term=term, as_of=MID_2019)
    assert (hocmon["people"], hocmon["women"]["count"], hocmon["women"]["below_min"]) == (6, 1, True)
    resco_gap = selectors.standards_gap(user=SYSTEM, organization=orgs["du-resco"], as_of=MID_2019)
    assert [r["cadre_code"] for r in resco_gap["not_in_training"]] == ["RS-01"]  # the secretary, trung cấp
    assert {r["cadre_code"] for r in resco_gap["in_training"]} == {"RS-02", "RS-04"}
    resco = selectors.age_feasibility(user=SYSTEM, organization=orgs["du-resco"], term=term, as_of=MID_2019)
    assert [r["cadre_code"] for r in resco["rotations_too_short"]] == ["RS-04"]
    assert [r["cadre_code"] for r in resco["appointments_near_retirement"]] == ["RS-03"]
    daihoc = selectors.age_feasibility(user=SYSTEM,
                                       organization=orgs["du-daihoc"], term=term, as_of=datetime.date(2019, 12, 31))
    assert [r["cadre_code"] for r in daihoc["appointees_not_in_plan"]] == ["DH-03"]
    hocmon_2021 = selectors.age_feasibility(user=SYSTEM,
                                            organization=orgs["hu-hocmon"], term=term, as_of=datetime.date(2021, 1, 1))
    assert hocmon_2021["cannot_serve_full_term"] == []  # HM-07 left the plan at the 2020 review

"""Each record judged by the regulation of its own day (#13): the day before
a regulation and the day of, a period straddling HD 12 → HD 42, plans before
and after QĐ 50, appointments before any regulation; the result copies the
regulation and the thresholds it applied."""
import pytest

from cadres.choices import MovementKind
from rules.choices import Outcome
from tests.cadres.factories import CadreFactory, MovementFactory, PlanningEntryFactory, TitleFactory
from tests.organizations.factories import CellMeetingFactory, TermFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db
Y2025 = (D(2025, 1, 1), D(2025, 12, 31))


def outcomes(run):
    return {(r.rule_code, r.organization.code): r for r in run.results.select_related("organization")}


def failing_meeting(cell, day, **fields):
    """A regular meeting of 60 minutes with one member absent without reason: fails HD 12 and HD 42."""
    return CellMeetingFactory(cell=cell, date=day, duration_minutes=60, absent_unexcused=1, present=18, **fields)


def test_hd12_the_day_before_and_the_day_of(tree):
    failing_meeting(tree.q3_cell, D(2018, 7, 5))  # the day before HD 12
    failing_meeting(tree.cuchi_cell, D(2018, 7, 6))  # the day of
    results = outcomes(run_rules(tree.city, Y2018, ["CM-3"]))
    before, on = results[("CM-3", "q3-vts-kp1")], results[("CM-3", "cc-tth-at")]
    assert before.outcome == Outcome.NOT_JUDGED and "05/07/2018" in before.sentence
    assert on.outcome == Outcome.BREACH
    assert on.regulation.startswith("HD 12-HD/BTCTW (06/7/2018)")
    assert on.applied["period"] == ["2018-07-06", "2018-12-31"]


def test_a_period_straddling_hd12_and_hd42_judges_each_meeting_by_its_own(tree):
    failing_meeting(tree.q3_cell, D(2025, 10, 27))  # the last day of HD 12
    failing_meeting(tree.cuchi_cell, D(2025, 10, 28))  # the first day of HD 42
    results = outcomes(run_rules(tree.city, Y2025, ["CM-3", "CM-4"]))
    assert results[("CM-3", "q3-vts-kp1")].outcome == Outcome.BREACH  # HD 12 judges 27/10
    assert results[("CM-4", "q3-vts-kp1")].outcome == Outcome.NOT_JUDGED  # HD 42 does not reach back
    assert results[("CM-3", "cc-tth-at")].outcome == Outcome.NOT_JUDGED  # HD 12 no longer judges 28/10
    assert results[("CM-4", "cc-tth-at")].outcome == Outcome.BREACH  # 60 < 90 minutes
    assert results[("CM-4", "cc-tth-at")].regulation.startswith("HD 42-HD/BTCTW")


def plan_of_three_men(org, approved_on):
    term = TermFactory(start_year=2020)
    title = TitleFactory(level="upper")
    for birth in (D(1970, 1, 1), D(1971, 1, 1), D(1972, 1, 1)):
        PlanningEntryFactory(cadre=CadreFactory(organization=org, birth_date=birth, gender="male"), title=title,
                             organization=org, term=term, added_on=approved_on, approved_on=approved_on)


def test_plans_before_and_after_qd50(tree):
    plan_of_three_men(tree.q3, D(2021, 12, 26))  # approved the day before QĐ 50: the 2012 guidance, to confirm
    plan_of_three_men(tree.cuchi, D(2021, 12, 27))  # the day of QĐ 50
    results = outcomes(run_rules(tree.city, (D(2022, 1, 1), D(2022, 12, 31)), ["CP-1"]))
    before, on = results[("CP-1", "q3")], results[("CP-1", "cc")]
    assert (before.outcome, on.outcome) == (Outcome.WARNING, Outcome.BREACH)  # no woman in either plan
    assert "HD 15-HD/BTCTW" in before.regulation and on.regulation.startswith("QĐ 50-QĐ/TW")
    assert before.applied["plan_approved_on"] == "2021-12-26" and before.applied["norm"]["valid_from"] == "2000-01-01"
    assert on.applied["norm"]["valid_from"] == "2021-12-27"  # the norm of the plan's day, copied


def test_a_plan_approved_before_any_regulation_is_not_judged(tree):
    plan_of_three_men(tree.q3, D(2017, 10, 6))  # the day before QĐ 98
    plan_of_three_men(tree.cuchi, D(2017, 10, 7))
    results = outcomes(run_rules(tree.city, (D(2018, 1, 1), D(2018, 12, 31)), ["CP-1"]))
    assert results[("CP-1", "q3")].outcome == Outcome.NOT_JUDGED
    assert results[("CP-1", "cc")].outcome == Outcome.WARNING


def test_appointments_judged_by_the_regulation_of_their_decision(tree):
    TermFactory(start_year=2020)
    title = TitleFactory()
    old = D(1958, 1, 1)  # retired long before: every appointment of his is short of five years
    MovementFactory(cadre=CadreFactory(organization=tree.q3, birth_date=old), kind=MovementKind.APPOINTMENT,
                    to_title=title, effective_on=D(2017, 12, 18))  # the day before QĐ 105
    MovementFactory(cadre=CadreFactory(organization=tree.cuchi, birth_date=old), kind=MovementKind.APPOINTMENT,
                    to_title=title, effective_on=D(2017, 12, 19))
    results = outcomes(run_rules(tree.city, (D(2017, 1, 1), D(2017, 12, 31)), ["AP-1"]))
    assert results[("AP-1", "q3")].outcome == Outcome.NOT_JUDGED
    assert results[("AP-1", "cc")].outcome == Outcome.WARNING  # QĐ 105, to confirm
    MovementFactory(cadre=CadreFactory(organization=tree.q3, birth_date=old), kind=MovementKind.APPOINTMENT,
                    to_title=title, effective_on=D(2022, 8, 18))  # QĐ 80: verified
    later = outcomes(run_rules(tree.city, (D(2022, 1, 1), D(2022, 12, 31)), ["AP-1"]))
    assert later[("AP-1", "q3")].outcome == Outcome.BREACH
    assert later[("AP-1", "q3")].applied["cases"][0]["effective_on"] == "2022-08-18"

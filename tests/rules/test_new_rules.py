"""The rules added from domain.md, each at its boundaries: CM-5 (three
members), CM-6 / CM-7 (criticism held, young members speak), CC-1 / CC-2
(CT 35 composition), CP-3 (a planned cadre serves the full term), CP-5
(enough people per title), AP-2 (appointee in the plan), AD-3 (only a
shortfall in the admitted's composition is uneven), and the rating flag
following QR-1's editable cap."""
import datetime

import pytest

from cadres.choices import MovementKind, PlanningStatus
from cadres.norms import RetirementTable
from organizations.models import MembershipStructure, QualityRating
from organizations.record_choices import Gender
from rules.choices import Outcome
from rules.models import RuleSetting
from rules.services import rule_settings_ensure
from tests.cadres.factories import CadreFactory, MovementFactory, PlanningEntryFactory, TitleFactory
from tests.organizations.factories import (
    AdmissionYearFactory,
    CellMeetingFactory,
    CommitteeMemberFactory,
    CongressFactory,
    QualityRatingFactory,
    TermFactory,
)

from .helpers import Y2019, D

pytestmark = pytest.mark.django_db
Y2020 = (D(2020, 1, 1), D(2020, 12, 31))


def test_cm5_a_cell_needs_three_members(tree, check):
    CellMeetingFactory(cell=tree.q3_cell, date=D(2019, 3, 5), members_total=2, present=2, absent_excused=0)
    CellMeetingFactory(cell=tree.cuchi_cell, date=D(2019, 3, 5), members_total=3, present=3, absent_excused=0)
    results = check("CM-5", tree.city)
    assert (results["q3-vts-kp1"].outcome, results["q3-vts-kp1"].measured) == (Outcome.WARNING, 2)  # [S]
    assert results["cc-tth-at"].outcome == Outcome.PASS  # exactly three
    # the last meeting of the period counts: the cell grew to 4
    CellMeetingFactory(cell=tree.q3_cell, date=D(2019, 9, 5), members_total=4, present=4, absent_excused=0)
    assert check("CM-5", tree.q3)["q3-vts-kp1"].outcome == Outcome.PASS


def meetings(cell, n, *, criticism, young):
    for month in range(1, n + 1):
        CellMeetingFactory(cell=cell, date=D(2019, month, 5), criticism_held=month <= criticism,
                           young_spoke=1 if month <= young else 0)


def test_cm6_and_cm7_share_of_meetings_at_the_boundary(tree, check):
    meetings(tree.q3_cell, 10, criticism=5, young=4)  # 50 % with criticism, 40 % with a young speaker
    meetings(tree.cuchi_cell, 10, criticism=4, young=5)
    cm6, cm7 = check("CM-6", tree.city), check("CM-7", tree.city)
    assert cm6["q3-vts-kp1"].outcome == Outcome.PASS and cm6["cc-tth-at"].outcome == Outcome.WARNING
    assert cm7["q3-vts-kp1"].outcome == Outcome.WARNING and cm7["cc-tth-at"].outcome == Outcome.PASS
    assert cm6["cc-tth-at"].sentence == ("4/10 buổi sinh hoạt có tự phê bình và phê bình, tỷ lệ 40 % "
                                         "(yêu cầu không dưới 50 %).")
    assert len(cm6["cc-tth-at"].evidence["organizations.cellmeeting"]) == 6
    assert check("CM-6", tree.cuchi, min_share=0.4)["cc-tth-at"].outcome == Outcome.PASS  # the setting


def committee(org, term, closed_on, people):
    CongressFactory(organization=org, term=term, opened_on=closed_on - datetime.timedelta(days=2),
                    closed_on=closed_on)
    for gender, birth in people:
        CommitteeMemberFactory(organization=org, term=term, gender=gender, birth_date=birth, from_date=closed_on)


def test_cc1_and_cc2_on_the_committee_elected_under_ct35(tree, check):
    term = TermFactory(start_year=2020)
    elected = D(2020, 7, 20)
    young = (Gender.MALE, D(1981, 7, 21))  # 38 on election day
    just_forty = (Gender.MALE, D(1980, 7, 20))  # 40 on election day: not young
    woman = (Gender.FEMALE, D(1970, 1, 1))
    man = (Gender.MALE, D(1965, 1, 1))
    # Quận 3: 1 young of 10 (exactly 10 %), 2 women of 10 (20 %)
    committee(tree.q3, term, elected, [young, just_forty, woman, woman] + [man] * 6)
    # Củ Chi: 0 young of 7, 1 woman of 7 (14,3 %)
    committee(tree.cuchi, term, elected, [just_forty, woman] + [man] * 5)
    cc1, cc2 = check("CC-1", tree.city, Y2020), check("CC-2", tree.city, Y2020)
    assert cc1["q3"].outcome == Outcome.PASS and cc1["cc"].outcome == Outcome.BREACH  # CT 35 [R]
    assert cc2["q3"].outcome == Outcome.PASS and cc2["cc"].outcome == Outcome.WARNING  # [M]
    assert cc1["cc"].sentence == ("Cấp ủy nhiệm kỳ 2020–2025 (bầu ngày 20/07/2020) có 0/7 cấp ủy viên dưới 40 tuổi, "
                                  "tỷ lệ 0 % (yêu cầu không dưới 10 %).")
    assert cc1["q3-vts"].outcome == Outcome.INSUFFICIENT_DATA


def test_cc1_does_not_judge_a_committee_elected_before_ct35(tree, check):
    term = TermFactory(start_year=2015)
    committee(tree.q3, term, D(2019, 5, 29), [(Gender.MALE, D(1960, 1, 1))] * 5)  # the day before CT 35
    assert check("CC-1", tree.q3, Y2019)["q3"].outcome == Outcome.NOT_JUDGED
    committee(tree.cuchi, term, D(2019, 5, 30), [(Gender.MALE, D(1960, 1, 1))] * 5)  # the day of
    assert check("CC-1", tree.cuchi, Y2019)["cc"].outcome == Outcome.BREACH


def test_cp3_planned_cadre_must_serve_the_full_term(tree, check):
    retirement = RetirementTable()
    fits_birth = D(1962, 6, 15)
    term = TermFactory(start_year=2020)
    term.ends_on = retirement.retirement_date(fits_birth, Gender.MALE)  # retires on the term's last day: serves it
    term.save()
    title = TitleFactory(level="upper")
    fits = CadreFactory(organization=tree.q3, birth_date=fits_birth, gender=Gender.MALE)
    short = CadreFactory(organization=tree.cuchi, birth_date=fits_birth - datetime.timedelta(days=1),
                         gender=Gender.MALE)  # retires the day before the term ends
    for cadre, org in ((fits, tree.q3), (short, tree.cuchi)):
        PlanningEntryFactory(cadre=cadre, organization=org, term=term, title=title, status=PlanningStatus.APPROVED,
                             added_on=D(2019, 3, 1), approved_on=D(2019, 4, 1))
    results = check("CP-3", tree.city)
    assert (results["cc"].outcome, results["cc"].measured) == (Outcome.WARNING, 1)  # a 2019 plan: to confirm
    assert results["q3"].outcome == Outcome.PASS
    assert results["q3-vts"].outcome == Outcome.INSUFFICIENT_DATA


def test_cp5_people_per_title(tree, check):
    term = TermFactory(start_year=2020)
    title, other = TitleFactory(level="upper"), TitleFactory(level="upper")
    for _ in range(2):
        PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3, term=term, title=title,
                             status=PlanningStatus.APPROVED, added_on=D(2019, 3, 1), approved_on=D(2019, 4, 1))
    PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3, term=term, title=other,
                         status=PlanningStatus.APPROVED, added_on=D(2019, 3, 1), approved_on=D(2019, 4, 1))
    q3 = check("CP-5", tree.q3)["q3"]
    assert (q3.outcome, q3.measured) == (Outcome.WARNING, 1)  # two is enough, one is not
    assert check("CP-5", tree.q3, min_people_per_title=1)["q3"].outcome == Outcome.PASS


def test_ap2_appointee_in_the_plan_on_the_effective_date(tree, check):
    term = TermFactory(start_year=2020)
    title = TitleFactory(level="upper")
    planned, outsider = CadreFactory(organization=tree.q3), CadreFactory(organization=tree.q3)
    PlanningEntryFactory(cadre=planned, organization=tree.q3, term=term, title=title, status=PlanningStatus.APPROVED,
                         added_on=D(2019, 3, 1), approved_on=D(2019, 4, 1))
    MovementFactory(cadre=planned, kind=MovementKind.APPOINTMENT, to_title=title, effective_on=D(2019, 4, 1))
    assert check("AP-2", tree.q3)["q3"].outcome == Outcome.PASS  # approved the very day
    MovementFactory(cadre=outsider, kind=MovementKind.APPOINTMENT, to_title=title, effective_on=D(2019, 6, 1))
    MovementFactory(cadre=CadreFactory(organization=tree.q3), kind=MovementKind.ELECTION, to_title=title,
                    effective_on=D(2019, 6, 1))  # an election is not an appointment
    q3 = check("AP-2", tree.q3)["q3"]
    assert (q3.outcome, q3.measured, q3.params["total"]) == (Outcome.WARNING, 1, 2)
    assert outsider.full_name in q3.sentence


def test_ad3_only_a_shortfall_is_uneven(tree, check):
    MembershipStructure.objects.create(organization=tree.cuchi, year=2018, members_total=1000, women=400,
                                       under_30=200, sector_other=1000)
    # women 30 % against 40 %: exactly 10 points short (allowed); young 60 % against 20 %: more, never uneven
    AdmissionYearFactory(organization=tree.cuchi, year=2019, admitted=100, women=30, under_30=60, sector_other=100)
    cuchi = check("AD-3", tree.cuchi)["cc"]
    assert cuchi.outcome == Outcome.PASS
    AdmissionYearFactory(organization=tree.q3, year=2019, admitted=100, women=29, under_30=60, sector_other=100)
    MembershipStructure.objects.create(organization=tree.q3, year=2018, members_total=1000, women=400,
                                       under_30=200, sector_other=1000)
    q3 = check("AD-3", tree.q3)["q3"]
    assert (q3.outcome, q3.measured) == (Outcome.WARNING, 11)
    assert "nữ 29 % (trong đảng bộ 40 %)" in q3.sentence and "dưới 30" not in q3.sentence
    assert check("AD-3", tree.q3, max_gap_pp=11)["q3"].outcome == Outcome.PASS


def test_the_stored_20_percent_flag_follows_qr1s_setting(tree):
    rating = QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=25, good=100, fulfilled=0,
                                  total=125)
    assert rating.excellent_cap_exceeded is True  # 25 > 20 % of 100
    rule_settings_ensure()
    setting = RuleSetting.objects.get(rule_code="QR-1")
    setting.thresholds = {"max_share": 0.25}
    setting.save()
    assert QualityRating.objects.get(pk=rating.pk).excellent_cap_exceeded is False  # 25 = 25 % of 100
    fresh = QualityRatingFactory(organization=tree.cuchi_commune, year=2018, excellent=26, good=100, fulfilled=0,
                                 total=126)
    assert fresh.excellent_cap_exceeded is True  # 26 > 25
    setting.thresholds = {"max_share": 0.2}
    setting.save()
    assert QualityRating.objects.get(pk=rating.pk).excellent_cap_exceeded is True

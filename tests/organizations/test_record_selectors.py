"""Figures computed from hand-built records, with known answers and evidence ids."""
import datetime
from decimal import Decimal

import pytest

from core.services import SYSTEM
from organizations import selectors
from organizations.models import MembershipStructure
from organizations.record_choices import MeetingKind, RatingSubject

from .factories import (
    AdmissionYearFactory,
    CellMeetingFactory,
    CommitteeMemberFactory,
    CongressFactory,
    QualityRatingFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_rating_relations_across_a_subtree(tree):
    district = QualityRatingFactory(organization=tree.q3, subject=RatingSubject.ORGANIZATIONS,
                                    excellent=9, good=30, fulfilled=5, failed=1, total=45)
    ward = QualityRatingFactory(organization=tree.q3_ward, excellent=4, good=20, fulfilled=3, total=27)
    QualityRatingFactory(organization=tree.cuchi_commune, excellent=9, good=10, fulfilled=0, total=19)
    rows = selectors.rating_relations(user=SYSTEM, organization=tree.q3, year=2018)
    assert [(r["rating_id"], r["relation"].exceeded) for r in rows] == [(district.pk, True), (ward.pk, False)]
    assert rows[0]["relation"].allowed == 6 and rows[0]["relation"].percent_of_good == Decimal("30.0")


def test_cell_meeting_stats_missing_months_quarters_and_shares(tree):
    cell = tree.q3_cell
    regular = [CellMeetingFactory(cell=cell, date=D(2019, m, 5)) for m in range(1, 13) if m not in (3, 8)]
    # one regular meeting with an unexcused absence, nobody young speaking, no criticism
    weak = regular[0]
    weak.present, weak.absent_excused, weak.absent_unexcused = 19, 0, 1
    weak.young_spoke, weak.criticism_held = 0, False
    weak.save()
    CellMeetingFactory(cell=cell, date=D(2019, 2, 20), kind=MeetingKind.THEMATIC)
    CellMeetingFactory(cell=cell, date=D(2019, 11, 20), kind=MeetingKind.THEMATIC)
    CellMeetingFactory(cell=tree.cuchi_cell, date=D(2019, 1, 5))  # another subtree
    [row] = selectors.cell_meeting_stats(user=SYSTEM, organization=tree.q3, start=D(2019, 1, 1), end=D(2019, 12, 31))
    stats = row["stats"]
    assert row["cell"] == cell
    assert stats.months_without_regular == [(2019, 3), (2019, 8)]
    assert stats.quarters_without_thematic == [(2019, 2), (2019, 3)]
    assert (stats.regular_count, stats.thematic_count) == (10, 2)
    assert stats.attendance_ok_percent == Decimal("90.0") and stats.attendance_failed_ids == [weak.pk]
    assert stats.young_spoke_percent == Decimal("91.7") and stats.no_young_spoke_ids == [weak.pk]
    assert stats.no_criticism_ids == [weak.pk]


def test_cell_meeting_stats_as_of_mid_year_judges_complete_months_only(tree):
    CellMeetingFactory(cell=tree.q3_cell, date=D(2019, 1, 5))
    [row] = selectors.cell_meeting_stats(user=SYSTEM,
                                         organization=tree.q3_cell, start=D(2019, 1, 1), end=D(2019, 4, 15))
    assert row["stats"].months_without_regular == [(2019, 2), (2019, 3)]
    assert row["stats"].quarters_without_thematic == [(2019, 1)]


def test_admission_progress_year_term_and_composition(tree):
    term = TermFactory()
    congress = CongressFactory(organization=tree.cuchi, term=term, admission_target=2500)
    earlier = [AdmissionYearFactory(organization=tree.cuchi, year=y, target=None, admitted=a, sector_other=a)
               for y, a in ((2016, 420), (2017, 380), (2018, 350))]
    AdmissionYearFactory(organization=tree.cuchi, year=2015, target=None, admitted=999, sector_other=999)
    record = AdmissionYearFactory(organization=tree.cuchi, year=2019, target=400, admitted=310, women=62,
                                  under_30=41, sector_other=0, sector_farmer=310)
    MembershipStructure.objects.create(organization=tree.cuchi, year=2018, members_total=12500, women=5600,
                                       under_30=2500, sector_farmer=4800, sector_other=7700)
    figures = selectors.admission_progress(user=SYSTEM, organization=tree.cuchi, year=2019)
    assert figures["yearly"].percent == Decimal("77.5") and figures["yearly"].behind
    term_figures = figures["term"]
    assert term_figures["progress"].done == 1460 and term_figures["progress"].percent == Decimal("58.4")
    assert term_figures["expected_by_year"] == 2000 and term_figures["congress_id"] == congress.pk
    assert term_figures["admission_ids"] == [r.pk for r in earlier] + [record.pk]
    gaps = {g.dimension: g for g in figures["composition"]}
    assert gaps["women"].admitted_percent == Decimal("20.0") and gaps["women"].structure_percent == Decimal("44.8")
    assert gaps["women"].uneven and gaps["sector_farmer"].gap_pp == Decimal("61.6")
    assert figures["uneven"] is True


def test_committee_composition_on_the_congress_day(tree):
    term = TermFactory()
    CongressFactory(organization=tree.q3, term=term, closed_on=D(2015, 7, 16))
    CommitteeMemberFactory(organization=tree.q3, term=term, gender="female", birth_date=D(1980, 1, 1))  # 35
    CommitteeMemberFactory(organization=tree.q3, term=term, birth_date=D(1970, 1, 1))  # 45
    CommitteeMemberFactory(organization=tree.q3, term=term, birth_date=D(1960, 1, 1))  # 55
    CommitteeMemberFactory(organization=tree.q3, term=term, birth_date=D(1960, 1, 1),
                           from_date=D(2018, 1, 1))  # joined later: not counted on the congress day
    figures = selectors.committee_composition(user=SYSTEM, organization=tree.q3, term=term)
    assert figures["on"] == D(2015, 7, 16) and figures["total"] == 3
    assert (figures["women"], figures["under_40"], figures["from_40_to_50"], figures["over_50"]) == (1, 1, 1, 1)
    assert figures["women_percent"] == Decimal("33.3") and len(figures["member_ids"]) == 3


def test_records_summary_for_the_template(tree, make_user):
    user = make_user(organizations=[tree.q3])
    QualityRatingFactory(organization=tree.q3_ward, excellent=9, good=20, fulfilled=0, total=29)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2019, 1, 5))
    summary = selectors.organization_records_summary(user=user, organization=tree.q3)
    assert summary["rating_year"] == 2018 and summary["breaches"] == 1
    assert summary["meeting_year"] == 2019 and summary["cells_missing_months"] == 1

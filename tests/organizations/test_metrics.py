"""The pure computations, on numbers with known answers."""
import datetime
from decimal import Decimal

from organizations import metrics

D = datetime.date


def test_excellent_cap_equality_is_within_and_one_more_breaches():
    assert not metrics.excellent_cap(20, 100).exceeded
    assert metrics.excellent_cap(21, 100).exceeded
    assert metrics.excellent_cap(21, 100).allowed == 20
    assert metrics.excellent_cap(21, 100).percent_of_good == Decimal("21.0")


def test_excellent_cap_with_no_good_rating():
    assert metrics.excellent_cap(0, 0).exceeded is False
    relation = metrics.excellent_cap(1, 0)
    assert relation.exceeded is True and relation.percent_of_good is None


def test_excellent_cap_quarter_person_floors_allowed():
    # 3 of 17: 20 % of 17 is 3.4, so 3 is within, 4 is not.
    assert not metrics.excellent_cap(3, 17).exceeded
    assert metrics.excellent_cap(4, 17).exceeded


def test_attendance_test_needs_more_than_85_percent_and_no_unexcused():
    assert metrics.meets_attendance_test(members_total=20, present=18, absent_unexcused=0)  # 90 %
    assert not metrics.meets_attendance_test(members_total=20, present=17, absent_unexcused=0)  # exactly 85 %
    assert not metrics.meets_attendance_test(members_total=20, present=19, absent_unexcused=1)


def test_complete_months_and_quarters_skip_partial_ones():
    assert metrics.complete_months(D(2019, 1, 15), D(2019, 4, 30)) == [(2019, 2), (2019, 3), (2019, 4)]
    assert metrics.complete_quarters(D(2019, 1, 15), D(2019, 12, 31)) == [(2019, 2), (2019, 3), (2019, 4)]
    assert metrics.complete_quarters(D(2018, 12, 1), D(2019, 5, 31)) == [(2019, 1)]


def test_months_and_quarters_without_meetings():
    dates = [D(2019, m, 5) for m in (1, 2, 4, 5, 6, 7, 9, 10, 11, 12)]
    assert metrics.months_without(dates, D(2019, 1, 1), D(2019, 12, 31)) == [(2019, 3), (2019, 8)]
    thematic = [D(2019, 2, 20), D(2019, 11, 20)]
    assert metrics.quarters_without(thematic, D(2019, 1, 1), D(2019, 12, 31)) == [(2019, 2), (2019, 3)]


def test_meeting_stats_counts_and_evidence():
    rows = [
        {"id": 1, "date": D(2019, 1, 5), "kind": "regular", "meets_attendance_test": True, "young_spoke": 1,
         "criticism_held": True},
        {"id": 2, "date": D(2019, 2, 5), "kind": "regular", "meets_attendance_test": False, "young_spoke": 0,
         "criticism_held": False},
        {"id": 3, "date": D(2019, 2, 20), "kind": "thematic", "meets_attendance_test": True, "young_spoke": 0,
         "criticism_held": True},
    ]
    stats = metrics.meeting_stats(rows, D(2019, 1, 1), D(2019, 6, 30))
    assert stats.months_without_regular == [(2019, 3), (2019, 4), (2019, 5), (2019, 6)]
    assert stats.quarters_without_thematic == [(2019, 2)]
    assert stats.attendance_ok_percent == Decimal("50.0") and stats.attendance_failed_ids == [2]
    assert stats.young_spoke_percent == Decimal("33.3") and stats.no_young_spoke_ids == [2, 3]
    assert stats.no_criticism_ids == [2]


def test_committee_composition_age_bands_on_a_day():
    on = D(2020, 10, 15)
    people = [
        ("female", D(1981, 10, 16)),  # 38: under 40
        ("male", D(1980, 10, 15)),  # 40 that day: 40–50
        ("male", D(1970, 10, 15)),  # 50: 40–50
        ("female", D(1969, 10, 14)),  # 51: over 50
    ]
    c = metrics.committee_composition(people, on)
    assert (c.total, c.women, c.under_40, c.from_40_to_50, c.over_50) == (4, 2, 1, 2, 1)
    assert c.women_percent == Decimal("50.0") and c.under_40_percent == Decimal("25.0")


def test_progress_and_term_expectation():
    assert metrics.progress(310, 400) == metrics.Progress(done=310, target=400, percent=Decimal("77.5"), behind=True)
    assert not metrics.progress(400, 400).behind
    assert metrics.progress(5, None).percent is None
    assert metrics.term_expected(2500, 4, 5) == 2000
    assert metrics.term_expected(1001, 1, 5) == 201  # rounded up


def test_composition_gaps_flag_uneven_dimensions():
    gaps = metrics.composition_gaps(
        admitted={"women": 20, "under_30": 30}, admitted_total=100,
        structure={"women": 450, "under_30": 250}, structure_total=1000,
    )
    women, young = gaps
    assert women.gap_pp == Decimal("-25.0") and women.uneven
    assert young.gap_pp == Decimal("5.0") and not young.uneven

"""Pure computations over plain numbers and rows: no database, no request.

The selectors feed them from the records; the rule engine (a later app) calls
the selectors, so every figure here is computed in one place only. Shares are
decided on exact integers/fractions; percentages are rounded for display only.
"""
import calendar
import datetime
import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from core import formatting

# QR-1 (HD 21-HD/BTCTW §2.3) and QR-2: HTXSNV at most 20 % of HTTNV.
EXCELLENT_CAP = Fraction(1, 5)
# CM-3 (HD 12-HD/BTCTW, 2018): more than 85 % present and nobody absent without reason.
ATTENDANCE_MIN_SHARE = Fraction(85, 100)
# Composition shortfall (percentage points) above which admissions count as
# uneven; the rule AD-3 reads its own editable setting.
COMPOSITION_GAP_PP = Decimal("10")


def percent(numerator, denominator):
    """numerator / denominator in per cent with one decimal, None when nothing to divide by."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def age_on(birth_date, day):
    """Whole years of age on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --- quality rating ----------------------------------------------------------
@dataclass(frozen=True)
class CapRelation:
    """HTXSNV against HTTNV: `allowed` is the largest HTXSNV count within the cap."""

    excellent: int
    good: int
    allowed: int
    percent_of_good: Decimal | None
    exceeded: bool

    @property
    def percent_shown(self):
        """The percent as shown ("45 %"): ∞ for excellent ones without any good one, 0 % for none of either."""
        if self.percent_of_good is None and self.excellent:
            return "∞"
        return formatting.percent(self.percent_of_good or 0)


def excellent_cap(excellent, good, cap=EXCELLENT_CAP):
    """The 20 % relation: excellent ≤ cap × good (equality is within the cap)."""
    allowed = int(cap * good)  # floor: a share of a person does not count
    return CapRelation(
        excellent=excellent,
        good=good,
        allowed=allowed,
        percent_of_good=percent(excellent, good),
        exceeded=Fraction(excellent) > cap * good,
    )


# --- cell meetings -------------------------------------------------------------
def meets_attendance_test(*, members_total, present, absent_unexcused):
    return members_total > 0 and absent_unexcused == 0 and Fraction(present, members_total) > ATTENDANCE_MIN_SHARE


def _month_last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def complete_months(start, end):
    """(year, month) of every month lying wholly inside [start, end]."""
    return list(_complete_months(start, end))


@functools.lru_cache(maxsize=1024)
def _complete_months(start, end):
    """complete_months as a tuple, remembered: a rule run asks it of the same
    period for each of thousands of cells."""
    months = []
    year, month = start.year, start.month
    if start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while _month_last_day(year, month) <= end:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def complete_quarters(start, end):
    """(year, quarter) of every calendar quarter lying wholly inside [start, end]."""
    months = complete_months(start, end)
    inside = set(months)
    return [(y, (m - 1) // 3 + 1) for y, m in months if m % 3 == 1 and {(y, m + 1), (y, m + 2)} <= inside]


def months_without(dates, start, end):
    """Complete months of [start, end] in which none of `dates` falls (CM-1)."""
    held = {(d.year, d.month) for d in dates}
    return [ym for ym in complete_months(start, end) if ym not in held]


def quarters_without(dates, start, end):
    """Complete quarters of [start, end] in which none of `dates` falls (CM-2)."""
    held = {(d.year, (d.month - 1) // 3 + 1) for d in dates}
    return [yq for yq in complete_quarters(start, end) if yq not in held]


@dataclass
class MeetingStats:
    """Figures for one cell over one period; *_ids are the evidence (meeting pks)."""

    regular_count: int = 0
    thematic_count: int = 0
    months_without_regular: list = field(default_factory=list)
    quarters_without_thematic: list = field(default_factory=list)
    attendance_ok_count: int = 0
    attendance_ok_percent: Decimal | None = None
    young_spoke_count: int = 0
    young_spoke_percent: Decimal | None = None
    no_criticism_count: int = 0
    attendance_failed_ids: list = field(default_factory=list)
    no_young_spoke_ids: list = field(default_factory=list)
    no_criticism_ids: list = field(default_factory=list)
    meeting_ids: list = field(default_factory=list)


def meeting_stats(rows, start, end):
    """rows: dicts with id, date, kind, meets_attendance_test, young_spoke, criticism_held.
    The HD 12 attendance share is over regular meetings (CM-3 judges regular ones);
    the young-members share and criticism are over all meetings."""
    stats = MeetingStats()
    regular = [r for r in rows if r["kind"] == "regular"]
    thematic = [r for r in rows if r["kind"] == "thematic"]
    stats.regular_count, stats.thematic_count = len(regular), len(thematic)
    stats.meeting_ids = [r["id"] for r in rows]
    stats.months_without_regular = months_without([r["date"] for r in regular], start, end)
    stats.quarters_without_thematic = quarters_without([r["date"] for r in thematic], start, end)
    stats.attendance_ok_count = sum(1 for r in regular if r["meets_attendance_test"])
    stats.attendance_failed_ids = [r["id"] for r in regular if not r["meets_attendance_test"]]
    stats.attendance_ok_percent = percent(stats.attendance_ok_count, len(regular))
    stats.young_spoke_count = sum(1 for r in rows if r["young_spoke"] > 0)
    stats.no_young_spoke_ids = [r["id"] for r in rows if r["young_spoke"] == 0]
    stats.young_spoke_percent = percent(stats.young_spoke_count, len(rows))
    stats.no_criticism_ids = [r["id"] for r in rows if not r["criticism_held"]]
    stats.no_criticism_count = len(stats.no_criticism_ids)
    return stats


# --- committees (CT 35-CT/TW) ---------------------------------------------------
@dataclass(frozen=True)
class Composition:
    total: int
    women: int
    under_40: int
    from_40_to_50: int
    over_50: int
    women_percent: Decimal | None
    under_40_percent: Decimal | None
    from_40_to_50_percent: Decimal | None
    over_50_percent: Decimal | None


def committee_composition(people, on):
    """people: (gender, birth_date) pairs; ages on `on`. Bands: < 40, 40–50, > 50."""
    ages = [age_on(birth, on) for _gender, birth in people]
    total = len(ages)
    women = sum(1 for gender, _birth in people if gender == "female")
    under_40 = sum(1 for a in ages if a < 40)
    over_50 = sum(1 for a in ages if a > 50)
    middle = total - under_40 - over_50
    return Composition(
        total=total, women=women, under_40=under_40, from_40_to_50=middle, over_50=over_50,
        women_percent=percent(women, total), under_40_percent=percent(under_40, total),
        from_40_to_50_percent=percent(middle, total), over_50_percent=percent(over_50, total),
    )


# --- admissions (AD-2) ------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    done: int
    target: int | None
    percent: Decimal | None
    behind: bool


def progress(done, target):
    """done ÷ target; behind when short of a set target."""
    if target is None:
        return Progress(done=done, target=None, percent=None, behind=False)
    return Progress(done=done, target=target, percent=percent(done, target), behind=done < target)


def term_expected(target, years_elapsed, years_total):
    """The share of a term target due after `years_elapsed` of `years_total` years (rounded up)."""
    if target is None or years_total <= 0:
        return None
    share = Fraction(target * min(years_elapsed, years_total), years_total)
    return -(-share.numerator // share.denominator)


@dataclass(frozen=True)
class CompositionGap:
    dimension: str
    admitted: int
    admitted_percent: Decimal | None
    structure: int
    structure_percent: Decimal | None
    gap_pp: Decimal | None
    uneven: bool


def composition_gaps(*, admitted, admitted_total, structure, structure_total, threshold_pp=COMPOSITION_GAP_PP):
    """Compare each dimension's share among the admitted with its share in the
    organization's own membership; a shortfall of more than `threshold_pp`
    points is uneven (admitting more women or young members than their share
    is not "chưa đều")."""
    gaps = []
    for dimension, count in admitted.items():
        a_pct = percent(count, admitted_total)
        s_pct = percent(structure.get(dimension, 0), structure_total)
        gap = None if a_pct is None or s_pct is None else a_pct - s_pct
        gaps.append(CompositionGap(
            dimension=dimension, admitted=count, admitted_percent=a_pct,
            structure=structure.get(dimension, 0), structure_percent=s_pct,
            gap_pp=gap, uneven=gap is not None and -gap > threshold_pp,
        ))
    return gaps

"""The norms in force and the date arithmetic they need, shared by the selectors
and the rule catalogue: ages, retirement dates, the planning norms of a level
on a date, a cadre's political-theory level on a past date."""
import calendar
import datetime

from django.utils.translation import gettext as _

from core.errors import ApplicationError

from .choices import TheoryLevel, TrainingKind, TrainingStatus, highest_theory_level
from .models import PlanningNorm, RetirementAge


def add_months(day, months):
    """`day` plus a number of months, clamped to the month's last day (29/2 + 12 months = 28/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class RetirementTable:
    """The retirement-age table loaded once: gender → [(applies_from, total months)]."""

    def __init__(self, rows=None):
        rows = RetirementAge.objects.order_by("gender", "applies_from") if rows is None else rows
        self.rows = {}
        for row in rows:
            self.rows.setdefault(row.gender, []).append((row.applies_from, row.years * 12 + row.months))

    def retirement_date(self, birth_date, gender):
        """The date a person reaches retirement age: the first table row whose
        age, added to the birth date, falls before the next row starts."""
        rows = self.rows.get(gender)
        if not rows:
            raise ApplicationError(
                _("Chưa khai báo tuổi nghỉ hưu cho giới tính này."), code="retirement_age_missing", status=409
            )
        for index, (_start, months) in enumerate(rows):
            candidate = add_months(birth_date, months)
            following = rows[index + 1][0] if index + 1 < len(rows) else None
            if following is None or candidate < following:
                return candidate
        raise AssertionError("unreachable")  # the last row always returns


class NormTable:
    """The planning norms loaded once; `for_level` picks the one in force on a day."""

    def __init__(self, rows=None):
        self.rows = list(PlanningNorm.objects.order_by("-valid_from") if rows is None else rows)

    def for_level(self, level, day):
        for norm in self.rows:
            if norm.level == level and norm.valid_from <= day and (norm.valid_to is None or norm.valid_to >= day):
                return norm
        raise ApplicationError(
            _("Chưa khai báo định mức quy hoạch cho cấp này vào ngày %(day)s.") % {"day": day.strftime("%d/%m/%Y")},
            code="norm_missing",
            status=409,
        )


def theory_level_on(cadre, day, completed_trainings):
    """The cadre's political-theory level on `day`: the highest of its recorded
    level (when obtained by then, or of unknown date) and of the political-theory
    courses it completed by then. `completed_trainings` are the cadre's
    prefetched training records (any kind, any status)."""
    levels = [
        t.theory_level for t in completed_trainings
        if t.kind == TrainingKind.POLITICAL_THEORY and t.status == TrainingStatus.COMPLETED
        and t.ended_on and t.ended_on <= day
    ]
    if cadre.theory_level_obtained_on is None or cadre.theory_level_obtained_on <= day:
        levels.append(cadre.theory_level)
    return highest_theory_level(levels) if levels else TheoryLevel.NONE

"""Report periods as stable keys: "2019", "2019-Q1", "2019-03", "2019-W13",
"2019-03-29" or a range "2019-01-01..2019-06-30". The key is part of the
report's identity (kind, scope, period, version)."""
import datetime
import re
from dataclasses import dataclass

from core.formatting import text_date

from .choices import PeriodType

_PATTERNS = [
    (PeriodType.YEAR, re.compile(r"^(\d{4})$")),
    (PeriodType.QUARTER, re.compile(r"^(\d{4})-Q([1-4])$")),
    (PeriodType.MONTH, re.compile(r"^(\d{4})-(\d{2})$")),
    (PeriodType.WEEK, re.compile(r"^(\d{4})-W(\d{2})$")),
    (PeriodType.DAY, re.compile(r"^(\d{4}-\d{2}-\d{2})$")),
    (PeriodType.RANGE, re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")),
]


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date
    type: str

    def __str__(self):
        if self.start == self.end:
            return self.start.strftime("%d/%m/%Y")
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def label(self):
        """How a party document names the period: "năm 2019", "quý I năm 2019", "tháng 3 năm 2019"..."""
        start = self.start
        if self.type == PeriodType.YEAR:
            return f"năm {start.year}"
        if self.type == PeriodType.QUARTER:
            return f"quý {'I II III IV'.split()[(start.month - 1) // 3]} năm {start.year}"
        if self.type == PeriodType.MONTH:
            return f"tháng {start.month} năm {start.year}"
        # dates in running text as HD 36 writes them (core.formatting.text_date): "ngày 02/7/2019"
        if self.type == PeriodType.WEEK:
            return (f"tuần {start.isocalendar()[1]} năm {start.isocalendar()[0]} "
                    f"({text_date(start)} – {text_date(self.end)})")
        if self.type == PeriodType.DAY:
            return f"ngày {text_date(start)}"
        return f"từ ngày {text_date(start)} đến ngày {text_date(self.end)}"


def _month_end(year, month):
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def _build(period_type, groups):
    if period_type == PeriodType.YEAR:
        year = int(groups[0])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period_type == PeriodType.QUARTER:
        year, quarter = int(groups[0]), int(groups[1])
        first_month = 3 * (quarter - 1) + 1
        return datetime.date(year, first_month, 1), _month_end(year, first_month + 2)
    if period_type == PeriodType.MONTH:
        year, month = int(groups[0]), int(groups[1])
        return datetime.date(year, month, 1), _month_end(year, month)
    if period_type == PeriodType.WEEK:
        start = datetime.date.fromisocalendar(int(groups[0]), int(groups[1]), 1)
        return start, start + datetime.timedelta(days=6)
    if period_type == PeriodType.DAY:
        day = datetime.date.fromisoformat(groups[0])
        return day, day
    start, end = datetime.date.fromisoformat(groups[0]), datetime.date.fromisoformat(groups[1])
    if end < start:
        raise ValueError("range ends before it starts")
    return start, end


# A day typed as people write it (dd/mm/yyyy or d/m/yyyy), alone or in a range.
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _iso_day(text: str) -> str:
    match = _DAY_FIRST.match(text.strip())
    if not match:
        return text.strip()
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def normalize_key(key: str) -> str:
    """The stable key of what a person typed: "07/12/2026" is the day key
    "2026-12-07", "01/01/2019..30/06/2019" the range "2019-01-01..2019-06-30";
    other keys are returned as they are. Never month-first: "12/31/2026" stays
    unreadable and is refused by parse_period."""
    return "..".join(_iso_day(part) for part in (key or "").strip().split(".."))


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def display_key(key: str) -> str:
    """How a key is shown to people: its days dd/mm/yyyy ("2026-12-07" is
    "07/12/2026", a range "01/07/2026 – 07/12/2026"); "2019-Q1" and the like as they are."""
    parts = []
    for part in (key or "").split(".."):
        match = _ISO_DAY.match(part)
        parts.append(f"{match[3]}/{match[2]}/{match[1]}" if match else part)
    return " – ".join(parts)


def parse_period(key: str) -> Period:
    """The Period of a key (days also as dd/mm/yyyy); ValueError when the key is malformed or impossible."""
    key = normalize_key(key)
    for period_type, pattern in _PATTERNS:
        match = pattern.match(key)
        if match:
            start, end = _build(period_type, match.groups())
            return Period(key, start, end, period_type)
    raise ValueError(f"unknown period key {key!r}")


def period_between(start: datetime.date, end: datetime.date) -> Period:
    return parse_period(f"{start.isoformat()}..{end.isoformat()}")


def period_containing(period_type: str, day: datetime.date) -> Period:
    if period_type == PeriodType.YEAR:
        return parse_period(f"{day.year}")
    if period_type == PeriodType.QUARTER:
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if period_type == PeriodType.MONTH:
        return parse_period(f"{day.year}-{day.month:02d}")
    if period_type == PeriodType.WEEK:
        year, week, _weekday = day.isocalendar()
        return parse_period(f"{year}-W{week:02d}")
    return parse_period(day.isoformat())


def scheduled_period(period_type: str, today: datetime.date) -> Period:
    """The period a scheduled run reports on: the one that contains yesterday.
    The weekly run on Monday covers last week, the monthly run on the 1st last
    month, the December run the current year; firing twice the same day gives
    the same key, which is what deduplicates the report."""
    return period_containing(period_type, today - datetime.timedelta(days=1))

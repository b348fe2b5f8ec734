"""Day-first date formats for every language of the UI.

Inputs: dd/mm/yyyy (d/m/yyyy too: strptime's %d and %m take one digit) and ISO
yyyy-mm-dd (the API, HTML5 date inputs). No month-first form, and no two-digit
year: a typed date is read one way only. The first input format is what date
widgets (and the admin calendar, through jsi18n) write back."""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 07/12/2026, 7/12/2026
    "%Y-%m-%d",  # 2026-12-07
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",  # 07/12/2026 14:30:59
    "%d/%m/%Y %H:%M",  # 07/12/2026 14:30
    "%d/%m/%Y",  # 07/12/2026 (midnight)
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",  # HTML5 datetime-local
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

__all__ = [
    "DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "TIME_INPUT_FORMATS", "DATE_FORMAT", "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT", "FIRST_DAY_OF_WEEK",
]

"""How numbers, percentages, dates and formal wording are written in what the
system prints: one place, so that every document, table and message agrees.

- numbers: thousands with ".", decimals with "," (2.500; 26,7);
- percentages: comma decimal and a space before the sign ("26,7 %", "20 %");
- dates: dd/mm/yyyy in tables (02/07/2019); in running text per HD 36-HD/VPTW,
  the day on two digits and the months 1 and 2 on two digits, so that nothing
  can be written in front of them ("ngày 02/7/2019", "ngày 05/02/2019"); the
  date line "ngày 29 tháng 3 năm 2019";
- formal text spells out abbreviations ("“Hoàn thành xuất sắc nhiệm vụ”", not
  "HTXSNV"; "không dưới 15 %", not "≥ 15 %") and writes "tổ chức đảng" one way
  ("Đảng" takes a capital only when it names the Communist Party of Vietnam)."""
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal


# --- numbers --------------------------------------------------------------------------------
def number(value, digits: int = 1) -> str:
    """2500 → "2.500"; 26.666 → "26,7"; 20.0 → "20" (at most `digits` decimals, trailing zeros dropped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("number() takes a number, not a bool")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    exponent = Decimal(1).scaleb(-digits) if digits > 0 else Decimal(1)
    rounded = Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    whole, _sep, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 and (int(whole) or fraction) else ""
    text = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def percent(points, digits: int = 1) -> str:
    """A value in percent points: 26.666 → "26,7 %"; None → "" (say why instead, or leave the clause out)."""
    return "" if points is None else f"{number(points, digits)} %"


def percent_of(part, whole, digits: int = 1) -> str:
    """part ÷ whole as a percentage; "" when there is nothing to divide by."""
    if not whole:
        return ""
    return percent(Decimal(part) * 100 / Decimal(whole), digits)


# --- dates -----------------------------------------------------------------------------------
def _month(day: datetime.date) -> str:
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def table_date(day: datetime.date | None) -> str:
    """dd/mm/yyyy, for tables and lists: "02/07/2019"."""
    return day.strftime("%d/%m/%Y") if day else ""


def text_date(day: datetime.date | None) -> str:
    """A date in running text (HD 36): "02/7/2019", "29/3/2019", "05/02/2019"."""
    return f"{day.day:02d}/{_month(day)}/{day.year}" if day else ""


def long_date(day: datetime.date) -> str:
    """"ngày 29 tháng 3 năm 2019", "ngày 05 tháng 02 năm 2019" (HD 36)."""
    return f"ngày {day.day:02d} tháng {_month(day)} năm {day.year}"


def date_line(place: str, day: datetime.date) -> str:
    """The place-and-date line under the party's name: "Thành phố Hồ Chí Minh, ngày 29 tháng 3 năm 2019"."""
    return f"{place}, {long_date(day)}"


# --- formal wording --------------------------------------------------------------------------
RATING_LEVELS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
_QUOTES = "\"“”"
_RATING = re.compile(rf"[{_QUOTES}]?\b({'|'.join(RATING_LEVELS)})\b[{_QUOTES}]?")
_WORDS = [
    (re.compile(r"\bTCCSĐ\b"), "tổ chức cơ sở đảng"),
    (re.compile(r"\bLLCT\b"), "lý luận chính trị"),
    (re.compile(r"\s*≥\s*"), " không dưới "),
    (re.compile(r"\s*≤\s*"), " không quá "),
    # "tổ chức Đảng", "tổ chức cơ sở Đảng": the organizations, not the Party itself.
    (re.compile(r"\b(tổ chức|Tổ chức)( cơ sở)? Đảng\b"), r"\1\2 đảng"),
    (re.compile(r"(\d)%"), r"\1 %"),
    (re.compile(r"([(“\"])\s+"), r"\1"),
]


def formal(text: str) -> str:
    """`text` as a signed document writes it (see the module's docstring)."""
    if not text:
        return text or ""
    text = _RATING.sub(lambda match: f"“{RATING_LEVELS[match.group(1)]}”", str(text))
    for pattern, replacement in _WORDS:
        text = pattern.sub(replacement, text)
    return text.lstrip()

"""Input normalized and bounded in one place.

Text: Unicode NFC (a code typed on a Mac and the same code typed on Windows are
one code), never a NUL character (PostgreSQL refuses it). JSON: a bounded
nesting depth. Dates that stand for something that happened or is planned:
from 01/01/1945 to ten years ahead. Integer query parameters: parsed once, with
a message, never int() on raw input.

Used by the API parsers (core/parsers.py), the forms (NormalizedFormMixin), the
models (NormalizedTextMixin), the imports and the views."""
import datetime
import unicodedata

from django.conf import settings
from django.contrib import messages as page_messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ApplicationError

NUL = "\x00"
FIRST_REAL_DATE = datetime.date(1945, 1, 1)
YEARS_AHEAD = 10


# --- text ---------------------------------------------------------------------
def nul_message():
    return _("Văn bản chứa ký tự NUL (mã 0), ký tự không được phép; hãy gõ lại hoặc dán lại nội dung.")


def normalize_text(value):
    """`value` in Unicode NFC; ValidationError when it holds a NUL character.
    Anything that is not a string is returned as it is."""
    if not isinstance(value, str):
        return value
    if NUL in value:
        raise ValidationError(nul_message(), code="null_characters")
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def normalize_key(value):
    """A code or identifier as stored and compared: NFC, surrounding spaces removed."""
    return normalize_text(value).strip() if isinstance(value, str) else value


class TooDeep(ValueError):
    """The data nests deeper than allowed."""


class NulInData(ValueError):
    """Strings holding NUL; `fields` nests like the data: {"rows": {"1": {"topic": [message]}}}."""

    def __init__(self, fields):
        super().__init__(nul_message())
        self.fields = fields


def max_json_depth():
    return settings.MAX_JSON_DEPTH


def normalize_data(data, *, max_depth=None):
    """Parsed JSON (dicts, lists, strings, numbers) with every string and key in
    NFC. Raises TooDeep past `max_depth` levels and NulInData for strings holding NUL."""
    limit = max_json_depth() if max_depth is None else max_depth
    errors = {}

    def walk(value, depth, path):
        if isinstance(value, dict | list):
            if depth >= limit:
                raise TooDeep(limit)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            out = {} if isinstance(value, dict) else []
            for key, item in items:
                child_path = (*path, str(key))
                if isinstance(key, str):
                    key = _text_or_error(key, errors, child_path)
                item = walk(item, depth + 1, child_path)
                if isinstance(out, dict):
                    out[key] = item
                else:
                    out.append(item)
            return out
        if isinstance(value, str):
            return _text_or_error(value, errors, path)
        return value

    result = walk(data, 0, ())
    if errors:
        raise NulInData(_nest(errors))
    return result


def _text_or_error(value, errors, path):
    try:
        return normalize_text(value)
    except ValidationError as exc:
        errors[path or ("non_field_errors",)] = exc.messages
        return value


def _nest(errors):
    """{("rows", "1", "topic"): [m]} -> {"rows": {"1": {"topic": [m]}}}."""
    tree = {}
    for path, messages in errors.items():
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = messages
    return tree


class NormalizedTextMixin:
    """Model mixin: every text field in NFC and free of NUL before the field
    validators and the unique checks run (full_clean), so that the stored codes
    compare equal whatever form the keyboard produced."""

    def clean_fields(self, exclude=None):
        errors = {}
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or (exclude and field.name in exclude):
                continue
            value = getattr(self, field.attname)
            try:
                setattr(self, field.attname, normalize_text(value))
            except ValidationError as exc:
                errors[field.name] = exc.messages
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = {**exc.message_dict, **errors}
        if errors:
            raise ValidationError(errors)


class NormalizedFormMixin:
    """Form mixin: text fields cleaned to NFC (NUL is already refused by Django's CharField)."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                try:
                    self.cleaned_data[name] = normalize_text(value)
                except ValidationError as exc:
                    self.add_error(name, exc)


# --- real dates and years -----------------------------------------------------
def last_real_date(today=None):
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def real_date_message():
    return _("Ngày %(day)s không hợp lệ: phải từ %(first)s đến %(last)s.")


def validate_real_date(day):
    """A date a record says really happened or is planned: 01/01/1945 .. today + 10 years."""
    if day is None or not isinstance(day, datetime.date):
        return
    if isinstance(day, datetime.datetime):
        day = day.date()
    last = last_real_date()
    if not FIRST_REAL_DATE <= day <= last:
        raise ValidationError(
            real_date_message() % {"day": day.strftime("%d/%m/%Y"), "first": FIRST_REAL_DATE.strftime("%d/%m/%Y"),
                                   "last": last.strftime("%d/%m/%Y")},
            code="date_range",
        )


def real_year_range():
    return FIRST_REAL_DATE.year, last_real_date().year


def validate_real_year(year):
    if year is None:
        return
    first, last = real_year_range()
    if not isinstance(year, int) or not first <= year <= last:
        raise ValidationError(
            _("Năm %(year)s không hợp lệ: phải từ %(first)s đến %(last)s.") % {
                "year": year, "first": first, "last": last},
            code="year_range",
        )


# --- integer query parameters -------------------------------------------------
def parse_int(raw, *, minimum=None, maximum=None):
    """An integer written with ASCII digits (and an optional sign) within the
    bounds, else ValueError with a message. `str.isdigit()` accepts '²', int()
    does not: never trust one to guard the other."""
    text = str(raw).strip()
    body = text[1:] if text[:1] in "+-" else text
    if not body or len(body) > 18 or not body.isascii() or not body.isdigit():
        raise ValueError(_("«%(value)s» không phải là số nguyên.") % {"value": raw})
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            message = _("«%(value)s» nằm ngoài khoảng cho phép (%(min)s đến %(max)s).")
        elif minimum is not None:
            message = _("«%(value)s» phải lớn hơn hoặc bằng %(min)s.")
        else:
            message = _("«%(value)s» phải nhỏ hơn hoặc bằng %(max)s.")
        raise ValueError(message % {"value": raw, "min": minimum, "max": maximum})
    return value


def query_int(params, name, *, default=None, minimum=None, maximum=None):
    """An integer query parameter for the API: the default when absent or empty,
    else ApplicationError (400) naming the parameter."""
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        return parse_int(raw, minimum=minimum, maximum=maximum)
    except ValueError as exc:
        message = str(exc)
        raise ApplicationError(
            _("Tham số %(name)s không hợp lệ: %(reason)s") % {"name": name, "reason": message},
            code="invalid", fields={name: [message]},
        ) from exc


def page_int(request, name, *, default=None, minimum=None, maximum=None, source=None):
    """An integer query parameter for an HTML page: the default, with a warning
    shown on the page, when the value is not a usable integer."""
    params = source if source is not None else request.GET
    try:
        return query_int(params, name, default=default, minimum=minimum, maximum=maximum)
    except ApplicationError as exc:
        page_messages.warning(request, exc.message)
        return default


def query_year(params, name="year", *, default=None):
    first, last = real_year_range()
    return query_int(params, name, default=default, minimum=first, maximum=last)


def page_year(request, name="year", *, default=None, source=None):
    first, last = real_year_range()
    return page_int(request, name, default=default, minimum=first, maximum=last, source=source)

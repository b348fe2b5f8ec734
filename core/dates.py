"""Dates typed by people: dd/mm/yyyy (or ISO yyyy-mm-dd), never month-first.

The accepted forms are the locale formats of config/formats (settings
FORMAT_MODULE_PATH); this module gives the refusal its message and parses the
few dates that do not come through a form field (query parameters read by
selectors, report period keys)."""
import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

DATE_INVALID = _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026.")
DATETIME_INVALID = _("Nhập ngày giờ theo dạng dd/mm/yyyy HH:MM, ví dụ 07/12/2026 14:30.")


def parse_date(value) -> datetime.date:
    """The date of `value` (a date, or text in one of the accepted forms); ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a dd/mm/yyyy or yyyy-mm-dd date: {text!r}")


def install_form_messages():
    """Every date form field says which form it expects when it refuses a value.

    Set on Django's field classes rather than through a project base form,
    because the fields are built in many places we do not write: model
    formfields in the admin and in ModelForms, the admin's split date/time
    field, django-filter's DateFilter, third-party admins (celery beat).
    Field.__init__ collects `default_error_messages` along the class's MRO, so
    subclasses and explicit `error_messages=` still take precedence."""
    forms.DateField.default_error_messages = {**forms.DateField.default_error_messages, "invalid": DATE_INVALID}
    forms.DateTimeField.default_error_messages = {
        **forms.DateTimeField.default_error_messages, "invalid": DATETIME_INVALID}
    forms.SplitDateTimeField.default_error_messages = {
        **forms.SplitDateTimeField.default_error_messages, "invalid_date": DATE_INVALID}

"""Dates are typed and shown dd/mm/yyyy (ISO also read), never month-first,
in both UI languages. "07/12/2026" is 7 December 2026; Django's defaults read
it as 12 July and refused "31/12/2025". The per-door tests (admin, pages,
filters, API, XLSX import) live beside each app's tests, in test_dates.py."""
import datetime
import json
import re

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from core.dates import parse_date

DEC_7 = datetime.date(2026, 12, 7)
VI_MESSAGE = "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026."
EN_MESSAGE = "Enter the date as dd/mm/yyyy, for example 07/12/2026."
MESSAGES = {"vi": VI_MESSAGE, "en": EN_MESSAGE}
LANGUAGES = ["vi", "en"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("typed", ["07/12/2026", "7/12/2026", " 07/12/2026 ", "2026-12-07"])
def test_a_date_field_reads_day_first_and_iso(lang, typed):
    with translation.override(lang):
        assert forms.DateField().clean(typed) == DEC_7


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_day_above_twelve_is_accepted(lang):
    with translation.override(lang):
        assert forms.DateField().clean("31/12/2025") == datetime.date(2025, 12, 31)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("typed", ["12/31/2026", "Dec 7 2026", "07/12/26", "31/02/2026", "2026/12/07"])
def test_month_first_and_other_forms_are_refused_with_the_expected_form(lang, typed):
    with translation.override(lang):
        with pytest.raises(forms.ValidationError) as err:
            forms.DateField().clean(typed)
        assert err.value.messages == [MESSAGES[lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_datetimes_likewise(lang):
    field = forms.DateTimeField()
    with translation.override(lang):
        for typed in ("07/12/2026 14:30", "07/12/2026 14:30:05", "2026-12-07 14:30", "2026-12-07T14:30"):
            assert field.clean(typed).date() == DEC_7
        with pytest.raises(forms.ValidationError) as err:
            field.clean("12/31/2026 14:30")
        assert "dd/mm/yyyy HH:MM" in err.value.messages[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_split_date_and_time_field_of_the_admin(lang):
    field = forms.SplitDateTimeField()
    with translation.override(lang):
        value = field.clean(["07/12/2026", "14:30"])
        assert (value.date(), value.hour, value.minute) == (DEC_7, 14, 30)
        with pytest.raises(forms.ValidationError) as err:
            field.clean(["12/31/2026", "14:30"])
        assert err.value.messages == [MESSAGES[lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_are_shown_day_first(lang):
    moment = datetime.datetime(2026, 12, 7, 14, 5)
    with translation.override(lang):
        assert formats.date_format(DEC_7) == "07/12/2026"
        assert formats.date_format(DEC_7, "SHORT_DATE_FORMAT") == "07/12/2026"
        assert formats.localize(moment) == "07/12/2026 14:05"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "07/12/2026 14:05"
        assert Template("{{ day }} {{ day|date }} {{ day|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"day": DEC_7})) == "07/12/2026 07/12/2026 07/12/2026"
        # A date widget writes back what it reads: what the admin calendar inserts too.
        assert forms.DateInput().format_value(DEC_7) == "07/12/2026"


def test_vietnamese_numbers_keep_their_separators():
    with translation.override("vi"):
        assert formats.get_format("DECIMAL_SEPARATOR") == ","
        assert formats.get_format("THOUSAND_SEPARATOR") == "."


def test_settings_serve_code_with_no_language_active():
    assert settings.DATE_INPUT_FORMATS == ["%d/%m/%Y", "%Y-%m-%d"]
    assert settings.DATE_FORMAT == settings.SHORT_DATE_FORMAT == "d/m/Y"
    assert settings.DATETIME_FORMAT == settings.SHORT_DATETIME_FORMAT == "d/m/Y H:i"
    assert not any(fmt.startswith("%m") for fmt in settings.DATE_INPUT_FORMATS + settings.DATETIME_INPUT_FORMATS)
    translation.deactivate_all()
    try:
        assert forms.DateField().clean("07/12/2026") == DEC_7
    finally:
        translation.activate(settings.LANGUAGE_CODE)


def test_parse_date_for_query_parameters():
    assert parse_date("07/12/2026") == parse_date("2026-12-07") == parse_date(DEC_7) == DEC_7
    with pytest.raises(ValueError):
        parse_date("12/31/2026")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_admin_calendar_writes_day_first(client, make_user, lang):
    """DateTimeShortcuts.js writes get_format('DATE_INPUT_FORMATS')[0] into the
    field and reads the field back with it: the jsi18n catalogue hands it over."""
    from organizations.choices import Role

    client.force_login(type(user := make_user(Role.ADMIN)).objects.get(pk=user.pk))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200 and response["Content-Language"] == lang
    found = re.search(r"django\.formats = (\{.*?\});", response.content.decode(), re.S)
    catalogue = json.loads(found.group(1))
    assert catalogue["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert catalogue["DATETIME_INPUT_FORMATS"][0].startswith("%d/%m/%Y")
    assert catalogue["FIRST_DAY_OF_WEEK"] == 1

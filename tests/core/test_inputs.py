"""core/inputs.py: text in NFC without NUL, bounded JSON, real dates and
years, integer parameters; and the doors that use it (forms, admin, models)."""
import datetime
import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client

from core.errors import ApplicationError
from core.inputs import (
    NormalizedFormMixin,
    NulInData,
    TooDeep,
    normalize_data,
    normalize_text,
    parse_int,
    query_int,
    validate_real_date,
    validate_real_year,
)
from organizations.models import CellMeeting, Congress
from tests.organizations.factories import TermFactory
from tests.organizations.test_record_pages import FILLED, _post_data

NFD = unicodedata.normalize("NFD", "Nghị quyết Đại hội Củ Chi")
NFC = unicodedata.normalize("NFC", NFD)


def test_text_is_nfc_and_nul_is_refused():
    assert NFD != NFC and normalize_text(NFD) == NFC
    assert normalize_text(12) == 12
    with pytest.raises(ValidationError) as err:
        normalize_text("a\x00b")
    assert "NUL" in err.value.messages[0]


def test_json_data_is_normalized_and_bounded():
    assert normalize_data({NFD: [NFD, 1, None, {"k": NFD}]}) == {NFC: [NFC, 1, None, {"k": NFC}]}
    assert normalize_data([[["x"]]], max_depth=3) == [[["x"]]]
    with pytest.raises(TooDeep):
        normalize_data([[[["x"]]]], max_depth=3)
    with pytest.raises(NulInData) as err:
        normalize_data({"rows": [{"topic": "ok"}, {"topic": "a\x00"}]})
    assert list(err.value.fields) == ["rows"] and list(err.value.fields["rows"]["1"]) == ["topic"]


def test_real_dates_and_years():
    today = datetime.date.today()
    for day in (datetime.date(1945, 1, 1), today, today.replace(year=today.year + 9)):
        validate_real_date(day)
    for day in (datetime.date(1944, 12, 31), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError) as err:
            validate_real_date(day)
        assert "01/01/1945" in err.value.messages[0]
    validate_real_year(2019)
    for year in (1900, 99999, today.year + 11):
        with pytest.raises(ValidationError):
            validate_real_year(year)


@pytest.mark.parametrize("raw", ["²", "1e3", "", " ", "٣", "12.0", "99999999999999999999999", "--1"])
def test_parse_int_refuses_anything_but_ascii_digits(raw):
    with pytest.raises(ValueError):
        parse_int(raw)


def test_query_int_bounds_and_names_the_parameter():
    assert query_int({"n": " 42 "}, "n") == 42 and query_int({}, "n", default=7) == 7
    assert parse_int("-5") == -5
    with pytest.raises(ApplicationError) as err:
        query_int({"year": "99999"}, "year", minimum=1945, maximum=2036)
    assert err.value.status == 400 and list(err.value.fields) == ["year"] and "1945" in err.value.message


def test_a_form_with_the_mixin_cleans_text_to_nfc():
    class NoteForm(NormalizedFormMixin, forms.Form):
        note = forms.CharField()

    form = NoteForm({"note": NFD})
    assert form.is_valid() and form.cleaned_data["note"] == NFC


@pytest.mark.django_db
def test_admin_forms_store_text_in_nfc(tree, make_user):
    user = make_user(organizations=[tree.q3])
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    data = {"organization": tree.q3_ward.pk, "term": TermFactory().pk, "opened_on": "2015-07-14",
            "resolution_number": "", "resolution_summary": NFD, "admission_target": 5}
    assert client.post("/admin/organizations/congress/add/", data).status_code == 302
    assert Congress.objects.get().resolution_summary == NFC


@pytest.mark.django_db
def test_the_bulk_page_stores_text_in_nfc(tree, make_user):
    user = make_user(organizations=[tree.q3])
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    response = client.post(f"/organizations/{tree.q3_cell.pk}/meetings/bulk/?year=2019",
                           _post_data(rows={0: {**FILLED, "topic": NFD}}))
    assert response.status_code == 302
    assert CellMeeting.objects.get().topic == NFC

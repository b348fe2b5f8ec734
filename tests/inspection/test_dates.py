"""Dates through the inspection doors: the admin change form, the API (ISO and
dd/mm/yyyy in, ISO out) and its filters. "07/12/2019" is 7 December 2019, never
12 July; a month-first "12/31/2019" is refused with the expected form."""
import pytest
from django.conf import settings

from inspection.models import Document
from tests.organizations.factories import TermFactory

from .factories import D, DocumentFactory
from .test_admin import ADMIN, login, page_data, submit

pytestmark = pytest.mark.django_db
API = "/api/v1"
MESSAGES = {"vi": "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026.",
            "en": "Enter the date as dd/mm/yyyy, for example 07/12/2026."}


@pytest.fixture(autouse=True)
def terms(db):
    return TermFactory()


def _document_in_admin(issued_on):
    return {"party_number": "01-QĐ/BTCTU", "issued_on": issued_on, "subject": "Quyết định", "confidentiality": "normal"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_admin_form_stores_the_day_typed_first_and_shows_it_back(client, board, lang):
    login(client, board)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    submit(client, f"{ADMIN}/document/add/", _document_in_admin("07/12/2019"))
    document = Document.objects.get()
    assert document.issued_on == D(2019, 12, 7)
    change = client.get(f"{ADMIN}/document/{document.pk}/change/")
    assert 'name="issued_on" value="07/12/2019"' in change.content.decode()
    # Saved again unchanged, the date stays the same day (the old formats swapped it back and forth).
    client.post(f"{ADMIN}/document/{document.pk}/change/", page_data(change) | {"issued_on": "07/12/2019"})
    document.refresh_from_db()
    assert document.issued_on == D(2019, 12, 7)
    changelist = client.get(f"{ADMIN}/document/").content.decode()
    assert "07/12/2019" in changelist and "Dec. 7" not in changelist and "tháng 12" not in changelist


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_admin_form_refuses_month_first_with_the_expected_form(client, board, lang):
    login(client, board)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    data = page_data(client.get(f"{ADMIN}/document/add/")) | _document_in_admin("12/31/2019")
    response = client.post(f"{ADMIN}/document/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["issued_on"] == [MESSAGES[lang]]
    assert MESSAGES[lang] in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("typed", ["2019-12-07", "07/12/2019"])
def test_api_reads_iso_and_day_first_and_answers_iso(api, board, typed):
    response = api.as_user(board).post(f"{API}/documents/", {
        "party_number": "35-CT/TW", "issued_on": typed, "subject": "Chỉ thị 35"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["issued_on"] == "2019-12-07"
    assert Document.objects.get().issued_on == D(2019, 12, 7)


def test_api_refuses_month_first(api, board):
    response = api.as_user(board).post(f"{API}/documents/", {
        "party_number": "35-CT/TW", "issued_on": "12/31/2019", "subject": "Chỉ thị 35"}, format="json")
    assert response.status_code == 400
    assert "DD/MM/YYYY" in response.json()["error"]["fields"]["issued_on"][0]
    assert not Document.objects.exists()


def test_api_filter_reads_day_first(api, board, tree):
    september = DocumentFactory(issuer=tree.city, issued_on=D(2019, 9, 1))
    december = DocumentFactory(issuer=tree.city, issued_on=D(2019, 12, 10))
    c = api.as_user(board)

    def ids(**params):
        response = c.get(f"{API}/documents/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    # After 7 December: only the December document (read as 12 July, September's came too).
    assert ids(issued_after="07/12/2019") == ids(issued_after="2019-12-07") == [december.pk]
    assert set(ids(issued_before="07/12/2019")) == {september.pk}
    response = c.get(f"{API}/documents/", {"issued_after": "12/31/2019"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["issued_after"] == [MESSAGES["vi"]]


def test_program_as_of_reads_day_first_and_refuses_month_first(api, board, tree):
    c = api.as_user(board)
    assert c.get(f"{API}/program-items/", {"as_of": "07/12/2019"}).status_code == 200
    response = c.get(f"{API}/program-items/", {"as_of": "12/31/2019"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["as_of"] == [MESSAGES["vi"]]

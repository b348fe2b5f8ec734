"""Dates through the organizations doors: the cell-meetings bulk page, the
organization filter on the page and in the API, the admin's split date/time
widget. "07/12/…" is the 7th of December, never 12 July; a month-first
"12/31/…" is refused with the expected form, in vi and in en."""
import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from organizations.choices import Role
from organizations.models import CellMeeting, User
from tests.factories import OrganizationFactory

from .test_record_pages import FILLED, _post_data

pytestmark = pytest.mark.django_db
MESSAGES = {"vi": "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026.",
            "en": "Enter the date as dd/mm/yyyy, for example 07/12/2026."}


def _client(user, lang="vi"):
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


# --- the cell-meetings bulk page --------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bulk_page_stores_the_day_typed_first(tree, make_user, lang):
    # 2025: a meeting date may not lie in the future.
    client = _client(make_user(organizations=[tree.q3]), lang)
    url = f"/organizations/{tree.q3_cell.pk}/meetings/bulk/"
    response = client.post(url, _post_data(year=2025, rows={11: {**FILLED, "date": "07/12/2025"},
                                                            10: {**FILLED, "date": "2025-11-07"}}))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert sorted(CellMeeting.objects.values_list("date", flat=True)) == [
        datetime.date(2025, 11, 7), datetime.date(2025, 12, 7)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bulk_page_refuses_month_first_with_the_expected_form(tree, make_user, lang):
    client = _client(make_user(organizations=[tree.q3]), lang)
    url = f"/organizations/{tree.q3_cell.pk}/meetings/bulk/"
    response = client.post(url, _post_data(year=2025, rows={11: {**FILLED, "date": "12/31/2025"}}))
    assert response.status_code == 200
    assert MESSAGES[lang] in response.content.decode()
    assert not CellMeeting.objects.exists()


# --- the organization filter: page and API ---------------------------------------
@pytest.fixture
def closed_in_september(tree):
    """Active on 12 July 2026, closed before 7 December 2026."""
    return OrganizationFactory(name="Đảng ủy đã giải thể", code="q3-old", parent=tree.q3,
                               valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2026, 9, 1))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_filter_reads_the_day_first(tree, make_user, closed_in_september, lang):
    client = _client(make_user(organizations=[tree.q3]), lang)
    for typed in ("07/12/2026", "2026-12-07"):
        listed = client.get("/organizations/", {"active_on": typed}).context["object_list"]
        assert tree.q3_ward in listed and closed_in_september not in listed
    listed = client.get("/organizations/", {"active_on": "01/09/2026"}).context["object_list"]
    assert closed_in_september in listed
    page = client.get("/organizations/", {"active_on": "07/12/2026"}).content.decode()
    assert 'name="active_on" value="2026-12-07"' in page  # what an HTML5 date input can show


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_filter_says_why_it_refuses_month_first(tree, make_user, lang):
    client = _client(make_user(organizations=[tree.q3]), lang)
    page = client.get("/organizations/", {"active_on": "12/31/2026"}).content.decode()
    assert MESSAGES[lang] in page


def test_api_filter_reads_the_day_first(api, tree, make_user, closed_in_september):
    client = api.as_user(make_user(organizations=[tree.q3]))

    def ids(active_on):
        response = client.get("/api/v1/organizations/", {"active_on": active_on, "page_size": 100})
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("07/12/2026") == ids("2026-12-07") == {tree.q3.pk, tree.q3_ward.pk, tree.q3_cell.pk}
    assert closed_in_september.pk in ids("01/09/2026")
    response = client.get("/api/v1/organizations/", {"active_on": "12/31/2026"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["active_on"] == [MESSAGES["vi"]]


# --- the admin's split date/time widget --------------------------------------------
def _user_change_data(client, user):
    from tests.inspection.test_admin import page_data

    url = f"/admin/organizations/user/{user.pk}/change/"
    data = page_data(client.get(url))
    data.pop("date_joined", None)
    data.pop("last_login", None)
    return url, data


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_admin_split_datetime_reads_the_day_first(tree, make_user, lang):
    client = _client(make_user(Role.ADMIN, [tree.city]), lang)
    someone = make_user(organizations=[tree.q3])
    url, data = _user_change_data(client, someone)
    response = client.post(url, data | {"date_joined_0": "07/12/2025", "date_joined_1": "08:30"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    joined = timezone.localtime(User.objects.get(pk=someone.pk).date_joined)
    assert (joined.date(), joined.hour, joined.minute) == (datetime.date(2025, 12, 7), 8, 30)
    page = client.get(url).content.decode()
    assert 'name="date_joined_0" value="07/12/2025"' in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_admin_split_datetime_refuses_month_first(tree, make_user, lang):
    client = _client(make_user(Role.ADMIN, [tree.city]), lang)
    someone = make_user(organizations=[tree.q3])
    before = User.objects.get(pk=someone.pk).date_joined
    url, data = _user_change_data(client, someone)
    response = client.post(url, data | {"date_joined_0": "12/31/2025", "date_joined_1": "08:30"})
    assert response.status_code == 200
    assert MESSAGES[lang] in response.content.decode()
    assert User.objects.get(pk=someone.pk).date_joined == before

"""The admin's calendar widget writes what the server reads: dd/mm/yyyy, in
both languages (Django's English formats made it write mm/dd/yyyy)."""
import pytest
from django.conf import settings
from django.utils import timezone

from inspection.models import Document
from organizations.choices import Role
from tests.organizations.factories import TermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_admin_calendar_writes_day_first_and_the_day_is_stored(tree, make_user, login, live_server, lang):
    TermFactory()
    make_user(Role.INSPECTOR, [tree.city], username="btc")
    page = login("btc")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/inspection/document/add/")
    assert page.locator("html").get_attribute("lang") == lang
    field = page.locator("#id_issued_on")
    page.locator("#id_issued_on ~ .datetimeshortcuts a").first.click()  # "Today"
    today = timezone.localdate()
    assert field.input_value() == today.strftime("%d/%m/%Y")

    page.locator("#calendarlink0").click()  # the calendar opens on the field's month
    page.locator("#calendarbox0 td:not(.nonday) a", has_text="7").first.click()
    assert field.input_value() == today.replace(day=7).strftime("%d/%m/%Y")

    page.fill("#id_party_number", "07-QĐ/BTCTU")
    page.fill("#id_issued_on", "07/12/2019")
    page.fill("#id_subject", "Quyết định")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert Document.objects.get().issued_on.isoformat() == "2019-12-07"

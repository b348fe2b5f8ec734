"""A cell secretary's year of meetings, entered in one sitting."""
import pytest

from organizations.choices import Role
from organizations.models import CellMeeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_row(page, index, *, total, present, excused, unexcused, spoke, young):
    for name, value in [("members_total", total), ("present", present), ("absent_excused", excused),
                        ("absent_unexcused", unexcused), ("spoke", spoke), ("young_spoke", young)]:
        page.fill(f"[name=rows-{index}-{name}]", str(value))
    page.select_option(f"[name=rows-{index}-quality]", index=1)


def test_bulk_entry_refuses_an_impossible_row_then_saves_all(tree, make_user, login, live_server):
    make_user(Role.INSPECTOR, [tree.q3], username="btc")
    page = login("btc")
    page.goto(f"{live_server.url}/organizations/{tree.q3_cell.pk}/meetings/bulk/?year=2019")
    fill_row(page, 0, total=10, present=9, excused=1, unexcused=0, spoke=5, young=1)
    fill_row(page, 1, total=10, present=12, excused=0, unexcused=0, spoke=5, young=1)  # present > total
    with page.expect_navigation():
        page.click("button:has-text('Lưu tất cả')")
    assert page.locator("tr.table-danger").count() >= 1
    assert CellMeeting.objects.count() == 0

    fill_row(page, 1, total=10, present=8, excused=2, unexcused=0, spoke=4, young=0)
    with page.expect_navigation():
        page.click("button:has-text('Lưu tất cả')")
    assert page.locator("tr.table-danger").count() == 0
    assert sorted(m.date.month for m in CellMeeting.objects.filter(cell=tree.q3_cell)) == [1, 2]

import pytest

from organizations.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_logs_in_searches_without_diacritics_and_switches_language(tree, make_user, login, live_server):
    make_user(Role.LEADER, [tree.city], username="lanhdao")
    page = login("lanhdao")
    assert "Phạm vi phụ trách của bạn" in page.content()

    page.click("text=Tổ chức đảng")
    page.fill("input[name=q]", "cu chi")
    with page.expect_navigation():
        page.click("button:has-text('Lọc')")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Huyện ủy Củ Chi" in rows.first.inner_text()

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav").get_by_text("Party organizations").count() == 1


def test_scoped_leader_does_not_see_other_subtree(tree, make_user, login, live_server):
    make_user(Role.LEADER, [tree.q3], username="q3")
    page = login("q3")
    page.goto(f"{live_server.url}/organizations/")
    text = page.locator("tbody").inner_text()
    assert "Quận ủy Quận 3" in text and "Củ Chi" not in text
    response = page.goto(f"{live_server.url}/organizations/{tree.cuchi.pk}/")
    assert response.status == 404

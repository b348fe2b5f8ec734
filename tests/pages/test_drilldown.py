"""Dashboard drill-down (#15): every figure links to the list behind it, with the
list's own query string, and the list counts exactly the figure."""
import datetime

import pytest

from inspection.choices import InspectionStatus
from inspection.models import Finding
from reports.builders.remediation_followup import NO_REQUIREMENTS
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree, board):
    walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP)
    walk(tree, board, targets=[tree.q3_cell], status=InspectionStatus.FOLLOWING_UP,
         deadline=datetime.date.today() + datetime.timedelta(days=10))
    walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.IN_PROGRESS)
    Finding.objects.filter(organization=tree.q3_cell).update(kind="strength", severity="")


@pytest.mark.parametrize("who", ["board", "q3_leader"])
@pytest.mark.parametrize("year", [None, 2019])
def test_every_figure_equals_the_count_of_the_list_it_links_to(client, data, request, who, year):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get("/dashboard/", {"year": year} if year else {})
    drill = response.context["drill"]
    assert len(drill) >= 10
    page = response.content.decode()
    for figure, url in drill:
        assert url.replace("&", "&amp;") in page
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed.context["paginator"].count == figure, url
    assert any(figure > 0 for figure, _url in drill)


def test_leader_cards_link_to_their_overdue_requirements(client, data, q3_leader):
    client.force_login(q3_leader)
    response = client.get("/dashboard/")
    overdue = next(c for c in response.context["cards"] if c["key"] == "overdue")
    assert overdue["count"] == 1 and overdue["url"] == "/requirements/?overdue=true"


def test_an_empty_scope_says_there_is_nothing_rather_than_all_done(client, tree, make_user, data):
    from organizations.choices import Role

    client.force_login(make_user(Role.LEADER, [tree.cuchi_cell]))
    page = client.get("/dashboard/").content.decode()
    assert "Không có yêu cầu khắc phục trong phạm vi và kỳ này." in page
    assert NO_REQUIREMENTS == "Không có yêu cầu khắc phục trong phạm vi và kỳ này."


def test_year_over_year_on_the_cards(client, data, board):
    client.force_login(board)
    cards = client.get("/dashboard/", {"year": 2020}).context["cards"]
    total = next(c for c in cards if c["key"] == "total")
    assert total["count"] == 0 and total["previous"] == 3

"""The dashboard as of a past day rebuilds its findings (by topic, recurring
limitations) and its late program items from that day, and its links carry the
day to lists that count the same rows."""
import datetime

import pytest
from django.utils import timezone

from inspection import services
from inspection.choices import InspectionStatus as S
from inspection.models import InspectionTransition
from organizations.choices import Role
from tests.inspection.factories import topic, walk
from tests.inspection.test_as_of import history, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
D = datetime.date


def dashboard(client, **params):
    response = client.get("/dashboard/", params)
    assert response.status_code == 200
    return response.context


def drill_matches(client, context):
    for count, url in context["drill"]:
        listed = client.get(url)
        assert listed.status_code == 200 and listed.context["paginator"].count == count, url


def test_findings_by_topic_count_the_findings_that_existed_that_day(history, client, staff):  # noqa: F811
    """The history's limitation was recorded today, in an inspection started 15/04/2020 whose
    notice (the end of its findings) was issued on 10/07/2020."""
    client.force_login(staff)
    before = dashboard(client, as_of="01/06/2020")  # in progress: its findings were not yet closed
    assert before["findings_by_topic"] == []
    drill_matches(client, before)
    after = dashboard(client, as_of="01/10/2020")
    assert [(row["strengths"], row["limitations"]) for row in after["findings_by_topic"]] == [(0, 1)]
    assert all("as_of=2020-10-01" in row["limitations_url"] for row in after["findings_by_topic"])
    drill_matches(client, after)


def test_recurring_limitations_as_of_a_day(client, tree, make_user):
    board = make_user(Role.INSPECTOR, [tree.city])
    walked = walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=S.FOLLOWING_UP)
    # Dated as a history keyed in later: its notice (the end of its findings) on 10/07/2020.
    InspectionTransition.objects.filter(inspection=walked.inspection).update(
        at=timezone.make_aware(datetime.datetime(2020, 7, 10, 9)))
    client.force_login(board)
    assert dashboard(client)["recurring"][0]["organizations"] == 2
    assert dashboard(client, as_of="09/07/2020")["recurring"] == []  # recorded today, closed 10/07/2020
    that_day = dashboard(client, as_of="10/07/2020")
    assert [(row["tags__slug"], row["organizations"]) for row in that_day["recurring"]] == [("tu-phe-binh-yeu", 2)]
    assert "as_of=2020-07-10" in that_day["recurring"][0]["url"]
    drill_matches(client, that_day)
    page = client.get("/findings/", {"as_of": "09/07/2020"})
    assert page.context["paginator"].count == 0 and page.context["recurring"] == []


def badges(row):
    return [str(cell["badge"][0]) for cell in row["cells"] if cell["badge"]]


def test_late_program_items_as_of_a_day(client, tree, make_user):
    board = make_user(Role.INSPECTOR, [tree.city])
    client.force_login(board)
    program = services.program_create(user=board, authority=tree.city, year=2019, title="Chương trình 2019")
    services.program_item_create(user=board, program=program, topic=topic(), title="Kiểm tra chất lượng",
                                 responsible=tree.city, planned_start=D(2019, 3, 1), planned_end=D(2019, 6, 30),
                                 target_organizations=[tree.q3])
    for day, late in (("01/02/2019", 0), ("15/07/2019", 1), (None, 1)):  # before its planned start: not late
        context = dashboard(client, **({"as_of": day} if day else {}))
        assert len(context["late_items"]) == late, day
        url = context["late_items_url"]
        assert ("as_of=" in url) == bool(day)
        listed = client.get(url)
        assert listed.context["paginator"].count == late, url
    programs = client.get("/programs/", {"as_of": "01/02/2019"})
    assert "Tình hình ngày 01/02/2019" in programs.content.decode()
    assert [badges(row) for row in programs.context["rows"]] == [[]]  # not yet late that day
    assert [badges(row) for row in client.get("/programs/").context["rows"]] == [["Chậm"]]
    assert client.get("/programs/", {"as_of": "31/02/2019"}).status_code == 400

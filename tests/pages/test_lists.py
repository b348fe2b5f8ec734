"""The lists at /inspections/, /findings/, /requirements/, /documents/, /programs/:
scoped, filtered with the API's FilterSets, constant in queries."""
import datetime

import pytest
from django.utils import timezone

from inspection.choices import InspectionStatus
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db
LISTS = ["/inspections/", "/findings/", "/requirements/", "/documents/", "/programs/"]


@pytest.mark.parametrize("url", LISTS)
def test_each_list_costs_the_same_queries_for_one_or_many_rows(client, tree, board, url, count_queries):
    client.force_login(board)
    walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)
    one = count_queries(client, url)
    for _ in range(3):
        walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP)
    assert count_queries(client, url) == one
    assert count_queries(client, url, {"export": "csv"}) <= one


@pytest.mark.parametrize("url", [u for u in LISTS if u != "/documents/"])
def test_each_list_shows_only_the_readers_subtree(client, tree, board, cuchi_reporter, following, url):
    client.force_login(cuchi_reporter)
    response = client.get(url, {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "Võ Thị Sáu" not in text.split("\n", 1)[1]


def test_requirements_overdue_and_due_within_seven_days(client, tree, board):
    client.force_login(board)
    today = timezone.localdate()
    soon = walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP,
                deadline=today + datetime.timedelta(days=5)).requirements[tree.q3_ward.pk]
    later = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                 deadline=today + datetime.timedelta(days=30)).requirements[tree.cuchi_commune.pk]
    listed = client.get("/requirements/", {"due_within": 7}).context["object_list"]
    assert list(listed) == [soon]
    page = client.get("/requirements/").content.decode()
    assert "Đến hạn trong 7 ngày" in page
    assert later in client.get("/requirements/", {"responsible_organization": tree.cuchi_commune.pk}
                               ).context["object_list"]
    assert client.get("/requirements/", {"due_within": 99999}).status_code == 400


def test_requirements_by_inspection_and_overdue(client, tree, board, following):
    client.force_login(board)
    response = client.get("/requirements/", {"inspection": following.inspection.pk, "overdue": "true"})
    assert {r.pk for r in response.context["object_list"]} == {r.pk for r in following.requirements.values()}
    assert "Quá hạn" in response.content.decode()


def test_findings_search_without_diacritics_and_recurring_limitations(client, tree, board, following):
    client.force_login(board)
    response = client.get("/findings/", {"q": "tu phe binh"})
    assert len(response.context["object_list"]) == 2
    assert response.context["recurring"][0]["organizations"] == 2
    assert "?kind=limitation&amp;topic=quality_rating&amp;tag=tu-phe-binh-yeu" in response.content.decode()
    linked = client.get("/findings/", {"kind": "limitation", "topic": "quality_rating", "tag": "tu-phe-binh-yeu"})
    assert len(linked.context["object_list"]) == 2


def test_programs_mark_late_items(client, tree, board):
    from inspection import services
    from tests.inspection.factories import topic

    client.force_login(board)
    program = services.program_create(user=board, authority=tree.city, year=2019, title="Chương trình 2019")
    services.program_item_create(user=board, program=program, topic=topic(), title="Kiểm tra chất lượng",
                                 responsible=tree.city, planned_start=datetime.date(2019, 3, 1),
                                 planned_end=datetime.date(2019, 6, 30), target_organizations=[tree.q3])
    response = client.get("/programs/")
    assert "Chậm" in response.content.decode()
    assert len(client.get("/programs/", {"behind_plan": "true"}).context["object_list"]) == 1

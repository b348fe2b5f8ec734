"""Cadres read `as_of` a day: the titles they held then and the plan as it stood,
whatever happened since; the query count stays the same for more rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.choices import PlanningStatus
from organizations.choices import Role

from .factories import CadreFactory, PlanningEntryFactory, TitleAssignmentFactory, TitleFactory

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1"


def test_current_titles_are_those_held_that_day(api, tree, make_user):
    title = TitleFactory()
    holder = CadreFactory(organization=tree.q3)
    TitleAssignmentFactory(cadre=holder, title=title, organization=tree.q3, started_on=D(2016, 1, 1),
                           ended_on=D(2020, 1, 1))
    client = api.as_user(make_user(Role.INSPECTOR, [tree.q3]))

    def titles(**params):
        rows = client.get(f"{API}/cadres/", params).json()["results"]
        return [[t["title"]["id"] for t in r["current_titles"]] for r in rows if r["id"] == holder.pk][0]

    assert titles() == []
    assert titles(as_of="2019-06-30") == [title.pk]
    assert titles(as_of="01/01/2020") == []  # ended_on is exclusive
    assert client.get(f"{API}/cadres/", {"as_of": "2019-02-30"}).status_code == 400


def test_the_cadre_list_as_of_costs_the_same_queries_for_more_rows(api, tree, make_user):
    client = api.as_user(make_user(Role.INSPECTOR, [tree.q3]))

    def count(rows):
        for _ in range(rows - CadreFactory._meta.model.objects.count()):
            TitleAssignmentFactory(cadre=CadreFactory(organization=tree.q3), started_on=D(2016, 1, 1))
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(f"{API}/cadres/", {"as_of": "2019-06-30"}).json()
        assert len(page["results"]) == rows and all(r["current_titles"] for r in page["results"])
        return len(ctx)

    count(1)
    assert count(1) == count(4)


def test_a_plan_entry_removed_later_is_in_the_plan_as_of_before(api, tree, make_user):
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3,
                                 status=PlanningStatus.REMOVED, removed_on=D(2021, 3, 1), removal_reason="over_age")
    client = api.as_user(make_user(Role.INSPECTOR, [tree.q3]))

    def rows(**params):
        return [(r["id"], r["status"], r["removed_on"])
                for r in client.get(f"{API}/planning-entries/", params).json()["results"]]

    assert rows() == [(entry.pk, "removed", "2021-03-01")]
    assert rows(as_of="2020-06-01") == [(entry.pk, "approved", None)]
    assert rows(as_of="2020-06-01", status="approved") == [(entry.pk, "approved", None)]
    assert rows(as_of="2020-06-01", status="removed") == []
    assert rows(as_of="2021-03-01") == []

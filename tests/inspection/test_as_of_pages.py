"""The HTML lists read `as_of` a past day (e.g. from a dashboard drill-down): their
rows show that day's status, deadline, overdue mark and reported percent, the
page says which day it shows, and the statements do not grow with the rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.workflow import transition
from inspection.choices import InspectionStatus as S
from inspection.choices import RequirementStatus as R

from .factories import walk
from .test_as_of import history, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def rows(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    keys = [h["key"] for h in response.context["headers"]]
    return response, {row["cells"][0]["text"]: {k: (c["text"], c["badge"] and str(c["badge"][0]))
                                                 for k, c in zip(keys, row["cells"], strict=True)}
                      for row in response.context["rows"]}


def test_the_requirement_page_shows_each_row_as_it_stood_that_day(history, client, staff):  # noqa: F811
    client.force_login(staff)
    response, shown = rows(client, "/requirements/", as_of="01/10/2020")
    assert "Tình hình ngày 01/10/2020" in response.content.decode()
    assert {text: (row["deadline"], row["status"][0], row["last_percent"][0]) for text, row in shown.items()} == {
        "Yêu cầu verified.": (("31/08/2020", None), str(R.VERIFIED.label), "100"),
        "Yêu cầu overdue.": (("15/09/2020", "Quá hạn"), str(R.OPEN.label), ""),
        "Yêu cầu extended.": (("30/11/2020", None), str(R.OPEN.label), ""),  # extended on 05/09/2020
    }
    _response, earlier = rows(client, "/requirements/", as_of="2020-09-01")
    assert earlier["Yêu cầu verified."]["status"][0] == str(R.REPORTED_DONE.label)  # reported 25/08, verified 20/09
    assert earlier["Yêu cầu extended."]["deadline"] == ("20/09/2020", None)  # the extension came on 05/09
    today_response, today = rows(client, "/requirements/")
    assert today["Yêu cầu extended."]["deadline"][1] == "Quá hạn"  # today its 30/11/2020 deadline has passed
    assert "Tình hình ngày" not in today_response.content.decode()
    _response, by_deadline = rows(client, "/requirements/", as_of="2020-09-01", sort="-deadline")
    assert list(by_deadline)[0] == "Yêu cầu extended."  # sorted by that day's deadline (20/09 > 15/09 > 31/08)


def test_the_inspection_page_shows_the_status_of_that_day(history, client, staff):  # noqa: F811
    client.force_login(staff)
    response, shown = rows(client, "/inspections/", as_of="01/05/2020")
    assert "Tình hình ngày 01/05/2020" in response.content.decode()
    assert [row["status"][0] for row in shown.values()] == [str(S.IN_PROGRESS.label)]
    _response, today = rows(client, "/inspections/")
    assert [row["status"][0] for row in today.values()] == [str(S.CONCLUDED.label)]


def test_the_as_of_pages_cost_the_same_statements_for_more_rows(history, client, staff, tree):  # noqa: F811
    client.force_login(staff)

    def count(url, **params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx)

    count("/requirements/", as_of="2020-10-01")  # caches the reader's scope
    one = count("/requirements/", as_of="2020-10-01", overdue="true")
    assert count("/requirements/", as_of="2020-10-01") == one  # 1 row, then 3
    count("/inspections/", as_of="2020-05-01")
    one = count("/inspections/", as_of="2020-05-01")
    for _ in range(2):
        transition(walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection, "decide", user=staff,
                   on=datetime.date(2020, 4, 1))
    assert count("/inspections/", as_of="2020-05-01") == one

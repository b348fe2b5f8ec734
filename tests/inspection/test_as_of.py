"""A 2020 history entered today through the API, then read as of 1/10/2020:
each requirement's status, deadline and overdue flag as they stood that day."""
import datetime

import pytest

from core.services import SYSTEM
from inspection import services
from inspection.choices import FindingKind, Severity
from inspection.choices import InspectionStatus as S
from organizations.choices import Role

from .factories import DocumentFactory, topic, walk

API = "/api/v1"
D = datetime.date


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def history(api, tree, make_user):
    staff = make_user(Role.INSPECTOR, [tree.city])
    c = api.as_user(staff)
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    url = f"{API}/inspections/{inspection.pk}"
    ok(c.post(f"{url}/decide/", {"effective_on": "2020-04-01"}, format="json"))
    ok(c.post(f"{url}/start/", {"effective_on": "15/04/2020"}, format="json"))
    inspection.refresh_from_db()
    services.self_report_receive(user=SYSTEM, inspection=inspection, organization=tree.q3, received_on=D(2020, 5, 20))
    finding = services.finding_create(user=SYSTEM, inspection=inspection, organization=tree.q3, topic=topic(),
                                      kind=FindingKind.LIMITATION, severity=Severity.MODERATE, text="Hạn chế.")
    ok(c.post(f"{url}/report/", {"effective_on": "2020-06-20"}, format="json"))
    inspection.refresh_from_db()
    conclusion = services.conclusion_create(user=SYSTEM, inspection=inspection, summary="Kết luận.",
                                            document=DocumentFactory(),
                                            sections=[{"organization": tree.q3, "text": "Kết luận đối với Quận 3."}])
    reqs = {name: services.requirement_create(user=SYSTEM, conclusion=conclusion, organization=tree.q3,
                                              deadline=deadline, text=f"Yêu cầu {name}.", findings=[finding])
            for name, deadline in (("verified", D(2020, 8, 31)), ("overdue", D(2020, 9, 15)),
                                   ("extended", D(2020, 9, 20)))}
    ok(c.post(f"{API}/conclusions/{conclusion.pk}/issue/", {"effective_on": "10/07/2020"}, format="json"))
    ok(c.post(f"{API}/progress-reports/", {"requirement": reqs["verified"].pk, "text": "Đã khắc phục xong.",
                                          "percent": 100, "effective_on": "2020-08-25"}, format="json"), 201)
    ok(c.post(f"{API}/remediation-requirements/{reqs['verified'].pk}/verify/", {"effective_on": "2020-09-20"},
              format="json"))
    extension = ok(c.post(f"{API}/deadline-extensions/", {
        "requirement": reqs["extended"].pk, "requested_deadline": "2020-11-30", "reason": "Chờ đại hội chi bộ.",
        "effective_on": "2020-09-01"}, format="json"), 201)
    ok(c.post(f"{API}/deadline-extensions/{extension['id']}/approve/", {"effective_on": "2020-09-05"},
              format="json"))
    return c, reqs


def state(client, day, **params):
    rows = ok(client.get(f"{API}/remediation-requirements/", {"as_of": day, **params}))["results"]
    return {row["text"].split()[2].rstrip("."): (row["status"], row["deadline"], row["is_overdue"]) for row in rows}


def test_requirements_as_of_1_october_2020(history):
    client, _reqs = history
    assert state(client, "2020-10-01") == {
        "verified": ("verified", "2020-08-31", False),
        "overdue": ("open", "2020-09-15", True),
        "extended": ("open", "2020-11-30", False),
    }


def test_earlier_days_see_the_earlier_state(history):
    client, _reqs = history
    assert state(client, "2020-07-09") == {}  # the notice was issued on 10/07/2020
    assert state(client, "2020-09-01") == {
        "verified": ("reported_done", "2020-08-31", False),
        "overdue": ("open", "2020-09-15", False),
        "extended": ("open", "2020-09-20", False),  # the extension was approved on 05/09
    }


def test_filters_apply_to_the_state_of_that_day(history):
    client, _reqs = history
    assert set(state(client, "2020-10-01", overdue="true")) == {"overdue"}
    assert set(state(client, "2020-10-01", status="verified")) == {"verified"}
    assert set(state(client, "2020-09-01", status="reported_done")) == {"verified"}


def test_today_the_stored_flags_answer(history):
    client, _reqs = history
    rows = ok(client.get(f"{API}/remediation-requirements/"))["results"]
    assert {row["text"]: row["is_overdue"] for row in rows} == {
        "Yêu cầu verified.": False, "Yêu cầu overdue.": True, "Yêu cầu extended.": True}


def test_an_invalid_as_of_is_400(history):
    client, _reqs = history
    assert client.get(f"{API}/remediation-requirements/", {"as_of": "31/02/2020"}).status_code == 400
    assert client.get(f"{API}/remediation-requirements/", {"as_of": "12/31/2020"}).status_code == 400


def test_the_as_of_list_costs_the_same_queries_for_more_rows(history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _reqs = history

    def count(rows):
        with CaptureQueriesContext(connection) as ctx:
            page = ok(client.get(f"{API}/remediation-requirements/", {"as_of": "2020-10-01", "page_size": rows}))
        assert len(page["results"]) == rows
        return len(ctx)

    count(1)  # the first request caches the reader's scope
    assert count(1) == count(3)

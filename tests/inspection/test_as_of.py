"""A 2020 history entered today through the API, then read as of 1/10/2020:
each requirement's status, deadline and overdue flag as they stood that day,
the dashboard's figures and the follow-up report's rows."""
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
def staff(tree, make_user):
    return make_user(Role.INSPECTOR, [tree.city])


@pytest.fixture
def history(api, tree, staff):
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
    from django.utils import timezone

    today = ok(client.get(f"{API}/remediation-requirements/", {"as_of": timezone.localdate().isoformat()}))
    assert {row["text"]: row["is_overdue"] for row in today["results"]} == {
        row["text"]: row["is_overdue"] for row in rows}


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


def test_the_dashboard_as_of_1_october_2020(history, client, staff, tree):
    """Hand-computed: 3 requirements issued 10/07; «verified» verified 20/09; «overdue» due 15/09, so overdue;
    «extended» due 30/11 after its extension, so neither overdue nor due within 30 days. The inspection was
    concluded by the notice's issue (10/07). Today «extended» is overdue too."""
    client.force_login(staff)
    response = client.get("/dashboard/", {"as_of": "01/10/2020"})
    assert response.status_code == 200
    context = response.context
    assert {card["key"]: card["count"] for card in context["cards"]} == {
        "total": 3, "overdue": 1, "due_soon": 0, "verified": 1}
    assert context["requirement_totals"]["completion"] == 33.3
    assert {row["status"]: row["n"] for row in context["requirements_by_status"]} == {"open": 2, "verified": 1}
    assert {row["status"]: row["n"] for row in context["inspections_by_status"]} == {S.CONCLUDED: 1}
    assert [(row["responsible_organization__id"], row["n"]) for row in context["overdue_by_organization"]] == [
        (tree.q3.pk, 1)]
    for count, url in context["drill"]:  # each figure is its linked list's count, that day too
        listed = client.get(url)
        assert listed.status_code == 200 and listed.context["paginator"].count == count, url
    today = client.get("/dashboard/").context
    assert {card["key"]: card["count"] for card in today["cards"]}["overdue"] == 2


def test_an_invalid_as_of_on_the_dashboard_is_400(history, client, staff):
    client.force_login(staff)
    assert client.get("/dashboard/", {"as_of": "31/02/2020"}).status_code == 400


def test_the_follow_up_report_as_of_1_october_2020(history, tree, django_capture_on_commit_callbacks):
    """The report over 01/01–01/10/2020 of the history keyed in today lists the three requirements as they
    stood on 1/10/2020 (hand-computed deadlines, statuses, last report and days overdue)."""
    import io

    from openpyxl import load_workbook

    client, _reqs = history
    with django_capture_on_commit_callbacks(execute=True):
        report = ok(client.post(f"{API}/reports/", {"kind": "remediation_followup", "scope": tree.q3.pk,
                                                    "period_start": "2020-01-01", "period_end": "2020-10-01"},
                                format="json"), 202)
    response = client.get(f"{API}/reports/{report['id']}/files/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Yêu cầu khắc phục"]
    rows = {row[5]: (row[7], row[8], row[9], row[10], row[12])
            for row in sheet.iter_rows(min_row=2, values_only=True)}
    day = datetime.datetime
    assert rows == {
        "Yêu cầu verified.": (day(2020, 8, 31), "Ban đã xác nhận hoàn thành", 100, day(2020, 8, 25), 0),
        "Yêu cầu overdue.": (day(2020, 9, 15), "Chưa báo cáo", None, None, 16),
        "Yêu cầu extended.": (day(2020, 11, 30), "Chưa báo cáo", None, None, 0),
    }


def test_inspections_as_of_a_day_show_the_status_of_that_day(history, tree):
    client, _reqs = history

    def statuses(day):
        rows = ok(client.get(f"{API}/inspections/", {"as_of": day}))["results"]
        return [(row["status"], row["actual_start"], row["actual_end"]) for row in rows]

    assert statuses("2020-03-31") == []  # keyed in today, decided on 01/04/2020: it did not exist yet
    assert statuses("2020-05-01") == [(S.IN_PROGRESS, "2020-04-15", None)]
    assert statuses("09/07/2020") == [(S.REPORTING, "2020-04-15", None)]  # concluded by the notice of 10/07
    assert statuses("2020-10-01") == [(S.CONCLUDED, "2020-04-15", "2020-07-10")]
    assert ok(client.get(f"{API}/inspections/", {"as_of": "2020-05-01", "status": "in_progress"}))["count"] == 1
    assert ok(client.get(f"{API}/inspections/", {"as_of": "2020-05-01", "status": "concluded"}))["count"] == 0
    assert client.get(f"{API}/inspections/", {"as_of": "2020-02-30"}).status_code == 400


def test_the_inspection_list_as_of_costs_the_same_queries_for_more_rows(api, tree, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.workflow import transition

    client = api.as_user(staff)

    def count(rows):
        while len(ok(client.get(f"{API}/inspections/"))["results"]) < rows:
            inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
            transition(inspection, "decide", user=staff, on=D(2020, 4, 1))
        with CaptureQueriesContext(connection) as ctx:
            page = ok(client.get(f"{API}/inspections/", {"as_of": "2020-05-01"}))
        assert [row["status"] for row in page["results"]] == [S.DECIDED] * rows
        return len(ctx)

    count(1)  # the first request caches the reader's scope
    assert count(1) == count(3)


def test_the_joint_inspection_list_as_of_costs_fixed_statements(api, tree, staff, make_user):
    """Every nested list (topics, targets, team, self-reports, transitions) in one statement
    with what it names, whatever the rows; a reader who sees the whole tree spends none on
    hidden names (#18). A reader of one district sees its own part only, at a constant cost."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        walk(tree, staff, targets=[tree.q3, tree.cuchi], status=S.REPORTING, with_requirements=False)
    district = api.__class__().as_user(make_user(Role.INSPECTOR, [tree.q3]))

    def count(client, rows):
        with CaptureQueriesContext(connection) as ctx:
            page = ok(client.get(f"{API}/inspections/", {"as_of": "2030-01-01", "page_size": rows}))
        assert len(page["results"]) == rows
        return len(ctx), page["results"]

    city = api.as_user(staff)
    count(city, 1)  # the first request caches the reader's scope
    statements, rows = count(city, 3)
    # count, page, topics, targets with their organizations, team, self-reports with theirs,
    # transitions with their users, and whether the reader's subtrees hold every organization
    assert statements == count(city, 1)[0] == 8
    assert all(len(row["target_organizations"]) == len(row["self_reports"]) == 2 for row in rows)
    assert all(row["transitions"][0]["by"] == staff.username for row in rows)
    count(district, 1)
    statements, rows = count(district, 3)
    assert statements == count(district, 1)[0]
    assert all([t["code"] for t in row["target_organizations"]] == ["q3"] for row in rows)
    assert all([r["organization"] for r in row["self_reports"]] == [tree.q3.pk] for row in rows)

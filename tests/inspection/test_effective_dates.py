"""Every workflow step takes the day it took effect from the client (default today);
the timeline keeps it apart from the moment it was recorded."""
import datetime

import pytest
from django.utils import timezone

from inspection.choices import InspectionStatus as S
from inspection.models import InspectionTransition
from organizations.choices import Role

from .factories import walk

API = "/api/v1/inspections"


@pytest.fixture
def staff(tree, make_user):
    return make_user(Role.INSPECTOR, [tree.city])


def step(client, inspection, name, body):
    return client.post(f"{API}/{inspection.pk}/{name}/", body, format="json")


def test_a_2020_history_entered_today_keeps_its_own_dates(api, tree, staff):
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    client = api.as_user(staff)
    assert step(client, inspection, "decide", {"effective_on": "2020-04-01"}).status_code == 200
    started = step(client, inspection, "start", {"effective_on": "15/04/2020"})
    assert started.status_code == 200, started.content
    inspection.refresh_from_db()
    assert inspection.actual_start == datetime.date(2020, 4, 15)  # the actual start is the step's day

    log = list(InspectionTransition.objects.filter(inspection=inspection).order_by("pk"))
    assert [timezone.localtime(t.at).date() for t in log[-2:]] == [datetime.date(2020, 4, 1),
                                                                   datetime.date(2020, 4, 15)]
    assert all(timezone.localtime(t.recorded_at).date() == timezone.localdate() for t in log[-2:])


def test_without_a_date_the_step_takes_effect_today(api, tree, staff):
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    assert step(api.as_user(staff), inspection, "decide", {}).status_code == 200
    last = InspectionTransition.objects.filter(inspection=inspection).latest("pk")
    assert timezone.localtime(last.at).date() == timezone.localdate()


def test_a_future_date_is_refused_with_the_reason_and_nothing_changes(api, tree, staff):
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = step(api.as_user(staff), inspection, "decide", {"effective_on": tomorrow.isoformat()})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_effective_date" and "effective_on" in error["fields"]
    inspection.refresh_from_db()
    assert inspection.status == S.DRAFT


def test_a_step_may_not_take_effect_before_the_previous_one(api, tree, staff):
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    client = api.as_user(staff)
    assert step(client, inspection, "decide", {"effective_on": "2020-04-10"}).status_code == 200
    response = step(client, inspection, "start", {"effective_on": "2020-04-09"})
    assert response.status_code == 400
    assert "10/04/2020" in response.json()["error"]["message"]
    inspection.refresh_from_db()
    assert inspection.status == S.DECIDED
    assert step(client, inspection, "start", {"effective_on": "2020-04-10"}).status_code == 200  # the same day is fine


def test_the_day_is_never_read_month_first(api, tree, staff):
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    response = step(api.as_user(staff), inspection, "decide", {"effective_on": "12/31/2020"})
    assert response.status_code == 400
    inspection.refresh_from_db()
    assert inspection.status == S.DRAFT


def test_the_workspace_timeline_shows_both_times(client, tree, staff):
    inspection = walk(tree, staff, targets=[tree.q3], status=S.DRAFT).inspection
    from core import workflow

    workflow.transition(inspection, "decide", user=staff, on=datetime.date(2020, 4, 1))
    client.force_login(staff)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "01/04/2020" in page
    assert timezone.localdate().strftime("%d/%m/%Y") in page

"""Movements, planning approve/remove and training start/complete take the day
they took effect as `effective_on` (default today), checked like every step:
not after today, not before 1945, not before the previous step; nothing is saved
when refused. The old names (approved_on, removed_on, started_on, ended_on) still work."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.choices import MovementKind, PlanningStatus, TrainingStatus
from cadres.models import Movement
from organizations.choices import Role

from .factories import CadreFactory, MovementFactory, PlanningEntryFactory, TitleFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(response):
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_effective_date"
    return response.json()["error"]["fields"]["effective_on"]


@pytest.fixture
def client(api, tree, make_user):
    return api.as_user(make_user(Role.INSPECTOR, [tree.q3]))


def test_planning_steps_take_effective_on(client, tree):
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3,
                                 status=PlanningStatus.PROPOSED, added_on=D(2018, 3, 1), approved_on=None)
    url = reverse("planning-entry-detail", args=[entry.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused(client.post(url + "approve/", {"effective_on": tomorrow.isoformat()}, format="json"))
    refused(client.post(url + "approve/", {"effective_on": "2018-02-28"}, format="json"))  # before it was added
    refused(client.post(url + "approve/", {"effective_on": "1944-12-31"}, format="json"))
    entry.refresh_from_db()
    assert (entry.status, entry.approved_on) == (PlanningStatus.PROPOSED, None)
    both = client.post(url + "approve/", {"effective_on": "2018-04-02", "approved_on": "2018-04-03"}, format="json")
    assert both.status_code == 400 and "approved_on" in both.json()["error"]["fields"]
    done = client.post(url + "approve/", {"effective_on": "02/04/2018"}, format="json").json()
    assert (done["status"], done["approved_on"]) == ("approved", "2018-04-02")
    refused(client.post(url + "remove/", {"effective_on": "2018-04-01", "reason": "over_age"}, format="json"))
    removed = client.post(url + "remove/", {"reason": "over_age"}, format="json").json()  # default today
    assert (removed["status"], removed["removed_on"]) == ("removed", timezone.localdate().isoformat())


def test_training_steps_take_effective_on(client, tree):
    training = TrainingRecordFactory(cadre=CadreFactory(organization=tree.q3), status=TrainingStatus.PLANNED,
                                     started_on=None)
    url = reverse("training-detail", args=[training.pk])
    assert client.post(url + "start/", {"effective_on": "2019-03-01"}, format="json").json()["started_on"] == (
        "2019-03-01")
    refused(client.post(url + "complete/", {"effective_on": "2019-02-28"}, format="json"))  # before the start
    assert client.post(url + "complete/", {"ended_on": "2020-12-01"}, format="json").json()["ended_on"] == (
        "2020-12-01")  # the old name


def test_movements_take_effective_on_default_today(client, tree):
    cadre = CadreFactory(organization=tree.q3)
    url = reverse("movement-list")
    body = {"cadre": cadre.pk, "kind": MovementKind.APPOINTMENT, "to_organization": tree.q3.pk,
            "to_title": TitleFactory().pk, "decision": "5-QĐ/QU"}
    dated = client.post(url, {**body, "effective_on": "2019-06-01"}, format="json")
    assert dated.status_code == 201, dated.content
    assert dated.json()["effective_on"] == "2019-06-01"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused(client.post(url, {**body, "to_title": TitleFactory().pk, "effective_on": tomorrow.isoformat()},
                        format="json"))
    refused(client.post(url, {**body, "to_title": TitleFactory().pk, "effective_on": "2019-05-31"},
                        format="json"))  # before the cadre's previous movement
    assert Movement.objects.filter(cadre=cadre).count() == 1
    today = client.post(url, {**body, "to_title": TitleFactory().pk}, format="json")
    assert today.status_code == 201, today.content
    assert today.json()["effective_on"] == timezone.localdate().isoformat()


def test_a_movement_correction_is_checked_too(client, tree):
    movement = MovementFactory(cadre=CadreFactory(organization=tree.q3), kind=MovementKind.APPOINTMENT,
                               to_organization=tree.q3, to_title=TitleFactory(), effective_on=D(2019, 6, 1))
    url = reverse("movement-detail", args=[movement.pk])
    refused(client.patch(url, {"effective_on": "1900-01-01"}, format="json"))
    assert client.patch(url, {"effective_on": "2019-07-01"}, format="json").json()["effective_on"] == "2019-07-01"



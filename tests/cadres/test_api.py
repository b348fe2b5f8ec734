"""API: scope, roles, personal data, filters, transitions, query counts."""
import datetime

import pytest
from django.urls import reverse

from cadres.choices import MovementKind, PlanningStatus, TheoryLevel, TrainingStatus
from cadres.models import Cadre, Movement, PlanningEntry, TitleAssignment, TrainingRecord
from organizations.choices import Role
from tests.organizations.factories import TermFactory

from .factories import (
    CadreFactory,
    MovementFactory,
    PlanningEntryFactory,
    TitleAssignmentFactory,
    TitleFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def build(basename, org, i=0):
    """One row of each listed model, bound to `org` (through its cadre)."""
    cadre = CadreFactory(organization=org)
    return {
        "cadre": lambda: cadre,
        "title-assignment": lambda: TitleAssignmentFactory(cadre=cadre, organization=org),
        "planning-entry": lambda: PlanningEntryFactory(cadre=cadre, organization=org,
                                                       term=TermFactory(start_year=2020)),
        "training": lambda: TrainingRecordFactory(cadre=cadre),
        "movement": lambda: MovementFactory(cadre=cadre, kind=MovementKind.APPOINTMENT, to_title=TitleFactory(),
                                            from_organization=org, from_title=TitleFactory()),
    }[basename]()


def create_payload(basename, org):
    cadre = CadreFactory(organization=org)
    title = TitleFactory()
    return {
        "cadre": {"code": "CB-NEW", "full_name": "Lê Thị Mới", "birth_date": "1980-02-03", "gender": "female",
                  "organization": org.pk},
        "title-assignment": {"cadre": cadre.pk, "title": title.pk, "organization": org.pk,
                             "started_on": "2019-01-01"},
        "planning-entry": {"cadre": cadre.pk, "title": title.pk, "organization": org.pk,
                           "term": TermFactory(start_year=2020).pk, "added_on": "2019-03-01"},
        "training": {"cadre": cadre.pk, "kind": "political_theory", "theory_level": "advanced",
                     "status": "planned"},
        "movement": {"cadre": cadre.pk, "kind": "appointment", "to_organization": org.pk, "to_title": title.pk,
                     "decision": "5-QĐ/QU", "effective_on": "2019-06-01"},
    }[basename]


PERSONAL = ["cadre", "title-assignment", "planning-entry", "training", "movement"]
MODELS = {"cadre": Cadre, "title-assignment": TitleAssignment, "planning-entry": PlanningEntry,
          "training": TrainingRecord, "movement": Movement}


def list_url(basename):
    return reverse(f"{basename}-list")


def detail_url(basename, pk):
    return reverse(f"{basename}-detail", args=[pk])


@pytest.mark.parametrize("basename", PERSONAL)
def test_scope_hides_other_subtrees(api, tree, make_user, basename):
    mine, theirs = build(basename, tree.q3_ward), build(basename, tree.cuchi_commune)
    user = make_user(role=Role.INSPECTOR, organizations=[tree.q3])
    client = api.as_user(user)

    ids = [row["id"] for row in client.get(list_url(basename)).json()["results"]]
    assert mine.pk in ids and theirs.pk not in ids
    assert client.get(detail_url(basename, mine.pk)).status_code == 200
    assert client.get(detail_url(basename, theirs.pk)).status_code == 404
    assert client.patch(detail_url(basename, theirs.pk), {"decision": "x"}, format="json").status_code == 404
    assert client.delete(detail_url(basename, theirs.pk)).status_code in (404, 405)
    assert MODELS[basename].objects.filter(pk=theirs.pk).exists()

    payload = create_payload(basename, tree.cuchi_commune)
    response = client.post(list_url(basename), payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]








@pytest.mark.parametrize("basename", PERSONAL)
def test_api_client_needs_personal_data_access(api, tree, make_user, basename):
    row = build(basename, tree.q3)
    denied = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city]))
    response = denied.get(list_url(basename))
    assert response.status_code == 403
    assert "dữ liệu cá nhân" in response.json()["error"]["message"]
    assert denied.get(detail_url(basename, row.pk)).status_code == 403
    granted = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city], personal_data_access=True))
    assert row.pk in [r["id"] for r in granted.get(list_url(basename)).json()["results"]]




def test_cadre_shows_current_titles_without_leaking_scope(api, tree, make_user):
    cadre = CadreFactory(organization=tree.q3)
    TitleAssignmentFactory(cadre=cadre, organization=tree.q3, title=TitleFactory(name="Bí thư"))
    TitleAssignmentFactory(cadre=cadre, organization=tree.q3, title=TitleFactory(name="Cũ"), ended_on=D(2018, 1, 1))
    body = api.as_user(make_user(organizations=[tree.q3])).get(detail_url("cadre", cadre.pk)).json()
    assert [t["title"]["name"] for t in body["current_titles"]] == ["Bí thư"]
    assert body["organization_detail"]["id"] == tree.q3.pk


def test_planning_filters(api, tree, make_user):
    term = TermFactory(start_year=2020)
    title = TitleFactory()
    a = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3, theory_level=TheoryLevel.INTERMEDIATE),
                             title=title, organization=tree.q3, term=term)
    b = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3_ward, theory_level=TheoryLevel.ADVANCED,
                                                full_name="Trần Thị Bình"),
                             title=title, organization=tree.q3_ward, term=term, added_on=D(2019, 5, 1),
                             approved_on=D(2019, 6, 1))
    client = api.as_user(make_user(organizations=[tree.city]))

    def ids(**params):
        response = client.get(list_url("planning-entry"), params)
        assert response.status_code == 200, response.content
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(as_of="2019-01-01") == [a.pk]
    assert ids(as_of="2019-07-01") == sorted([a.pk, b.pk])
    assert ids(within=tree.q3_ward.pk) == [b.pk]
    assert ids(theory_level="intermediate") == [a.pk]
    assert ids(q="tran thi binh") == [b.pk]
    assert ids(status="approved", term=term.pk, title=title.pk) == sorted([a.pk, b.pk])
    bad = client.get(list_url("planning-entry"), {"as_of": "31/02/2019"})
    assert bad.status_code == 400 and "as_of" in bad.json()["error"]["fields"]


def test_cadre_filters_title_and_term_as_of(api, tree, make_user):
    title = TitleFactory()
    holder = CadreFactory(organization=tree.q3)
    TitleAssignmentFactory(cadre=holder, title=title, organization=tree.q3, started_on=D(2016, 1, 1),
                           ended_on=D(2020, 1, 1))
    planned = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3)
    client = api.as_user(make_user(organizations=[tree.q3]))

    def ids(**params):
        return [row["id"] for row in client.get(list_url("cadre"), params).json()["results"]]

    assert ids(title=title.pk, as_of="2019-06-30") == [holder.pk]
    assert ids(title=title.pk, as_of="2021-01-01") == []
    assert ids(term=planned.term_id, as_of="2019-06-30") == [planned.cadre_id]
    assert sorted(ids(theory_level_below="advanced")) == sorted([holder.pk, planned.cadre_id])


def test_planning_transitions_through_the_api(api, tree, make_user):
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3,
                                 status=PlanningStatus.PROPOSED, approved_on=None)
    client = api.as_user(make_user(organizations=[tree.q3]))
    url = detail_url("planning-entry", entry.pk)
    response = client.post(url + "approve/", {"approved_on": "2018-04-02", "decision": "9-QĐ/QU"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    again = client.post(url + "approve/", {"approved_on": "2018-04-03"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"
    missing = client.post(url + "remove/", {"removed_on": "2019-01-01"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    done = client.post(url + "remove/", {"removed_on": "2019-01-01", "reason": "over_age"}, format="json")
    assert done.json()["status"] == "removed" and done.json()["removed_on"] == "2019-01-01"
    assert client.delete(url).status_code == 405
    status_edit = client.patch(url, {"status": "approved"}, format="json")
    assert status_edit.status_code == 400  # the status changes only through the steps
    assert status_edit.json()["error"]["code"] == "read_only_field"
    entry.refresh_from_db()
    assert entry.status == PlanningStatus.REMOVED


def test_training_transitions_through_the_api(api, tree, make_user):
    cadre = CadreFactory(organization=tree.q3, theory_level=TheoryLevel.INTERMEDIATE)
    training = TrainingRecordFactory(cadre=cadre, status=TrainingStatus.PLANNED, started_on=None)
    client = api.as_user(make_user(organizations=[tree.q3]))
    url = detail_url("training", training.pk)
    assert client.post(url + "complete/", {"ended_on": "2020-01-01"}, format="json").status_code == 409
    assert client.post(url + "start/", {"started_on": "2019-03-01"}, format="json").json()["status"] == "studying"
    assert client.post(url + "complete/", {"ended_on": "2020-12-01"}, format="json").json()["status"] == "completed"
    cadre.refresh_from_db()
    assert cadre.theory_level == TheoryLevel.ADVANCED


def test_analysis_endpoints(api, tree, make_user):
    term = TermFactory(start_year=2020)
    title = TitleFactory(min_theory_level=TheoryLevel.ADVANCED)
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), title=title, organization=tree.q3,
                                 term=term)
    client = api.as_user(make_user(role=Role.LEADER, organizations=[tree.q3]))
    base = reverse("cadre-analysis-list")
    composition = client.get(base + "plan-composition/", {"organization": tree.q3.pk, "term": term.pk,
                                                          "as_of": "2019-06-30"})
    assert composition.status_code == 200, composition.content
    assert composition.json()["per_title"][0]["entry_ids"] == [entry.pk]
    gap = client.get(base + "standards-gap/", {"organization": tree.q3.pk, "as_of": "2019-06-30"}).json()
    assert [row["record"] for row in gap["not_in_training"]] == [entry.pk]
    feasibility = client.get(base + "age-feasibility/", {"organization": tree.q3.pk, "term": term.pk})
    assert feasibility.status_code == 200
    missing_term = client.get(base + "plan-composition/", {"organization": tree.q3.pk})
    assert missing_term.status_code == 400 and "term" in missing_term.json()["error"]["fields"]
    outside = client.get(base + "standards-gap/", {"organization": tree.cuchi.pk})
    assert outside.status_code == 400 and "organization" in outside.json()["error"]["fields"]
    robot = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city]))
    assert robot.get(base + "standards-gap/", {"organization": tree.q3.pk}).status_code == 403


def test_titles_catalogue_is_readable_by_api_clients(api, tree, make_user):
    title = TitleFactory(name="Bí thư Quận ủy")
    robot = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city]))
    assert title.pk in [row["id"] for row in robot.get(list_url("cadre-title")).json()["results"]]
    assert robot.post(list_url("cadre-title"), {"code": "x", "name": "x", "level": "upper"}).status_code == 403

"""The API's permission matrix, generated (issue #12): every route of the router
× role × object relation × read / write, each cell's expected answer computed
from the stated rules, not from the code under test:

- roles: the administrator; Board staff, a committee leader, a unit reporter, a
  read-only and a writing API client, all answering for Quận 3;
- relations: an object of Quận 3's ward (own), of Củ Chi's commune (foreign),
  of the city above Quận 3 (ancestor-owned), and a joint object that concerns
  both Quận 3 and Củ Chi (an inspection, its notice, a city program's item);
- read: the list holds the object exactly when it is visible, the detail is 200
  or 404; write: PATCH, DELETE and the workflow steps the endpoint spec names.

Visible: own and joint objects, and the city's ordinary documents (addressed
downwards); foreign and other ancestor-owned objects are not. Writable (the
write rule, core.scoping): every owner inside the user's scope, so own objects
only. A write without the role's permission is 403; on a visible object that is
not writable, 403 `read_only_scope`; on an invisible one, 404. The administrator
sees and writes everything. Zero wrong cells; a route of the router that the
matrix does not place fails the test."""
import datetime
import importlib
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import get_resolver

from inspection import services
from inspection.choices import InspectionStatus
from organizations.choices import Role
from organizations.models import OrganizationSuccession, User
from tests.api_spec import World, _ids
from tests.factories import OrganizationFactory
from tests.inspection.factories import D, DocumentFactory, topic, walk
from tests.test_api_coverage import _api_list_routes

pytestmark = pytest.mark.django_db
TESTS = Path(__file__).resolve().parent.parent
_numbers = itertools.count(1)


def _specs():
    specs = {}
    for spec in sorted(TESTS.glob("*/endpoints.py")):
        module = importlib.import_module(f"tests.{spec.parent.name}.endpoints")
        specs.update({endpoint.path: endpoint for endpoint in module.ENDPOINTS})
    return specs


SPECS = _specs()
ROUTES = dict(_api_list_routes(get_resolver().url_patterns))


# --- joint objects: concern Quận 3's ward and Củ Chi's commune at once ----------------------
def _joint_inspection(w, status=InspectionStatus.DRAFT):
    return walk(w.tree, w.board, targets=[w.tree.q3_ward, w.tree.cuchi_commune], status=status,
                deadline=D(2030, 12, 31))


def _joint_program(w):
    return services.program_create(
        user=w.board, authority=w.tree.city, year=2019, title=f"Chương trình kiểm tra liên đơn vị {next(_numbers)}",
        items=[{"topic": topic(), "title": "Kiểm tra chung", "responsible": w.tree.city,
                "planned_start": D(2019, 4, 1), "planned_end": D(2019, 6, 30),
                "target_organizations": [w.tree.q3_ward, w.tree.cuchi_commune]}])


def _joint_notice(w):
    notice = DocumentFactory(issuer=w.tree.city, issuer_code="TU", subject="Thông báo kết luận kiểm tra chung")
    joint = _joint_inspection(w, InspectionStatus.REPORTING)
    services.conclusion_create(user=w.board, inspection=joint.inspection, summary="Kết luận chung.", document=notice)
    return notice


# Per scoped route: how to make its joint object, or why it has none. A new scoped route must be placed here.
JOINT = {
    "inspections": lambda w: _joint_inspection(w).inspection,
    "conclusions": lambda w: _joint_inspection(w, InspectionStatus.CONCLUDED).conclusion,
    "programs": _joint_program,
    "program-items": lambda w: _joint_program(w).items.get(),
    "documents": _joint_notice,
    "findings": None,  # one organization each; a joint inspection's findings are its units' own
    "remediation-requirements": None,  # one responsible organization each
    "progress-reports": None,  # owned by the requirement's responsible unit
    "deadline-extensions": None,  # idem
    "organizations": None, "congresses": None, "committee-members": None, "quality-ratings": None,
    "cell-meetings": None, "admissions": None, "membership-structures": None, "cadres": None,
    "title-assignments": None, "planning-entries": None, "trainings": None, "movements": None,
    "reports": None,  # one scope each
    "rule-runs": None,  # read only; a run's targets are cut by core.nested (tests/api/test_nested_scope.py)
    "rule-results": None,
    # a merger across two subtrees: readable from either side (the other side shown as null), written by administrators
    "organization-successions": lambda w: OrganizationSuccession.objects.create(
        predecessor=OrganizationFactory(parent=w.tree.q3_ward),
        successor=OrganizationFactory(parent=w.tree.cuchi_commune), kind="merged_into",
        effective_date=datetime.date(2025, 7, 1)),
}
# Routes whose objects of the bodies above are read below them (the city's ordinary documents).
ANCESTOR_READABLE = {"documents"}
# Routes whose maker cannot make an object owned by the city itself (it builds on the org's parent).
NO_ANCESTOR_OBJECT = {"title-assignments", "movements", "planning-entries"}


@dataclass
class Actor:
    name: str
    user: User
    global_scope: bool = False


def actors(tree, make_user):
    def user(name, role, **kwargs):
        orgs = [] if role == Role.ADMIN else [tree.q3]
        return Actor(name, User.objects.get(pk=make_user(role=role, organizations=orgs, **kwargs).pk),
                     global_scope=role == Role.ADMIN)
    return [
        user("administrator", Role.ADMIN),
        user("board_q3", Role.INSPECTOR),
        user("leader_q3", Role.LEADER),
        user("reporter_q3", Role.REPORTER),
        user("api_read_q3", Role.API_CLIENT, personal_data_access=True),
        user("api_write_q3", Role.API_CLIENT, api_write=True, personal_data_access=True),
    ]


def relations(endpoint, world):
    """(relation, maker) for the objects this route is checked on."""
    rows = [("own", lambda: endpoint.make(world, world.tree.q3_ward)),
            ("foreign", lambda: endpoint.make(world, world.tree.cuchi_commune))]
    if endpoint.path not in NO_ANCESTOR_OBJECT:
        rows.append(("ancestor", lambda: endpoint.make(world, world.tree.city)))
    if JOINT.get(endpoint.path):
        rows.append(("joint", lambda: JOINT[endpoint.path](world)))
    return rows


def expected_visible(actor, endpoint, relation):
    if actor.global_scope or not endpoint.scoped:
        return True
    return relation in ("own", "joint") or (relation == "ancestor" and endpoint.path in ANCESTOR_READABLE)


def perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def required_perms(viewset, model, name):
    if name in ("partial_update",):
        return [perm(model, "change")]
    if name == "destroy":
        return [perm(model, "delete")]
    return list(getattr(viewset, "action_permissions", {}).get(name) or [perm(model, "add")])


def expected_write(actor, endpoint, relation, perms, ok_status):
    """(status, error code or None) that the rule gives for a write."""
    if not actor.user.has_perms(perms):
        return (403, None)
    if not expected_visible(actor, endpoint, relation):
        return (404, "not_found")
    if actor.global_scope or relation == "own" or not endpoint.scoped:
        return (ok_status, None)
    return (403, "read_only_scope")


class Matrix:
    def __init__(self, client):
        self.client = client
        self.cells = 0
        self.wrong = []

    def check(self, cell, got, expected):
        self.cells += 1
        status, code = expected
        ok = got.status_code in status if isinstance(status, tuple) else got.status_code == status
        if ok and code is not None:
            body = got.json() if got.get("Content-Type", "").startswith("application/json") else {}
            ok = body.get("error", {}).get("code") == code
        if not ok:
            self.wrong.append((*cell, f"expected {expected}", got.status_code, got.content[:200]))


@pytest.fixture(scope="module")
def summary(request):
    totals = {"cells": 0, "wrong": 0, "routes": 0}
    yield totals
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nAPI permission matrix: {totals['routes']} routes, {totals['cells']} cells "
                                f"checked, {totals['wrong']} wrong")


def test_every_route_is_placed_in_the_matrix():
    assert len(ROUTES) > 20
    unplaced = [path for path in ROUTES if path not in SPECS]
    assert not unplaced, f"routes without an endpoint spec: {unplaced}"
    scoped = [path for path, endpoint in SPECS.items() if endpoint.scoped and endpoint.make]
    missing = [path for path in scoped if path not in JOINT]
    assert not missing, f"say in JOINT how to make a joint object of these routes (or None and why): {missing}"


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_api_matrix(api, tree, make_user, path, summary):
    endpoint = SPECS[path]
    world = World(tree, make_user)
    viewset = ROUTES[path]
    model = viewset.queryset.model if getattr(viewset, "queryset", None) is not None else None
    matrix = Matrix(api)
    for actor in actors(tree, make_user):
        client = api.as_user(actor.user)
        listed = client.get(endpoint.list_url)
        may_view = model is None or actor.user.has_perm(perm(model, "view"))
        matrix.check((actor.name, path, "-", "list"), listed, (200 if may_view else 403, None))
        if not endpoint.make or not may_view:
            continue
        for relation, make in relations(endpoint, world):
            obj = make()
            cell = (actor.name, path, relation)
            visible = expected_visible(actor, endpoint, relation)
            ids = _ids(client.get(endpoint.list_url), endpoint.paginated)
            matrix.cells += 1
            if (obj.pk in ids) != visible:
                matrix.wrong.append((*cell, "list contains", obj.pk in ids, f"expected {visible}"))
            matrix.check((*cell, "detail"), client.get(endpoint.detail_url(obj)), (200 if visible else 404, None))
            if endpoint.update:
                expected = expected_write(actor, endpoint, relation, required_perms(viewset, model, "partial_update"),
                                          200)
                matrix.check((*cell, "patch"), client.patch(endpoint.detail_url(obj), endpoint.update,
                                                            format="json"), expected)
            for name, (body, ok_status) in endpoint.actions.items():
                expected = expected_write(actor, endpoint, relation, required_perms(viewset, model, name), ok_status)
                target = make() if expected[0] == ok_status else obj  # a step taken changes the state: a fresh one
                matrix.check((*cell, name), client.post(endpoint.action_url(target, name),
                                                        body(world, target) if body else {}, format="json"), expected)
            if endpoint.delete:
                # A joint record has dependents of its own (the notice's conclusion): 409 `protected` then.
                ok = endpoint.delete_statuses + ((409,) if relation == "joint" else ())
                expected = expected_write(actor, endpoint, relation, required_perms(viewset, model, "destroy"), ok)
                matrix.check((*cell, "delete"), client.delete(endpoint.detail_url(obj)), expected)
                if expected[0] != ok and not type(obj)._base_manager.filter(pk=obj.pk).exists():
                    matrix.wrong.append((*cell, "delete refused but the row is gone"))
    summary["routes"] += 1
    summary["cells"] += matrix.cells
    summary["wrong"] += len(matrix.wrong)
    assert matrix.wrong == [], "\n".join(map(str, matrix.wrong))

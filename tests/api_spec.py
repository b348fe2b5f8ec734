"""The declarative endpoint spec every app's API is tested with (NetBox's
utilities/testing API cases as the model).

Each app lists its endpoints once in tests/<app>/endpoints.py:

    ENDPOINTS = [
        Endpoint("documents", make=lambda w, org: DocumentFactory(issuer=org),
                 create=lambda w, org: {...}, update={"subject": "..."}, actions={"files": ...}),
    ]

and tests/<app>/test_endpoints.py runs them (`class TestEndpoints(EndpointTests): endpoints = ENDPOINTS`):

- anonymous: list and detail answer 401/403, writes too;
- no permission (an API client without the write grant): writes answer 403;
- permitted (an inspector of Quận 3): the list holds its row, the detail reads, create 201,
  update 200, delete 204 (or 409 with a reason), each action answers what the spec says;
- another subtree (Củ Chi's row): absent from the list, 404 on detail, update, delete, actions;
- read-only role (the committee leader of Quận 3): reads 200, writes 403;
- the list's query count is the same for 1 and 3 rows and equals its baseline in
  tests/query_baselines.json (UPDATE_QUERY_BASELINES=1 writes the measured numbers).

tests/test_api_coverage.py walks the router and fails when a viewset has no spec here.
"""
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import Role

BASE = "/api/v1/"
BASELINES = Path(__file__).with_name("query_baselines.json")


@dataclass
class Endpoint:
    """One router prefix. `make(world, org)` returns a row owned by `org` (Quận 3's
    ward for the permitted user, Củ Chi's commune for the other subtree);
    `create(world, org)` a valid body for a new row there; `update` a PATCH body;
    `actions` name -> (body(world, obj) or None, expected status for the permitted user)."""

    path: str
    make: Callable | None = None
    create: Callable | None = None
    update: dict | None = None
    delete: bool = False
    actions: dict = field(default_factory=dict)
    scoped: bool = True  # False: a catalogue every signed-in user reads alike
    paginated: bool = True
    writer_role: str = Role.INSPECTOR
    reader_role: str = Role.LEADER
    reader_kwargs: dict = field(default_factory=dict)
    writer_kwargs: dict = field(default_factory=dict)
    delete_statuses: tuple = (204,)

    def __str__(self):
        return self.path

    @property
    def list_url(self):
        return f"{BASE}{self.path}/"

    def detail_url(self, obj):
        return f"{BASE}{self.path}/{obj.pk}/"

    def action_url(self, obj, name):
        return f"{BASE}{self.path}/{obj.pk}/{name.replace('_', '-')}/"


class World:
    """The tree of tests/conftest.py with the users the spec needs."""

    def __init__(self, tree, make_user):
        self.tree = tree
        self.make_user = make_user
        self.board = make_user(role=Role.INSPECTOR, organizations=[tree.city])

    def own_org(self):
        return self.tree.q3_ward

    def other_org(self):
        return self.tree.cuchi_commune


def _rows(response, paginated):
    body = response.json()
    return body["results"] if paginated else body


def _ids(response, paginated):
    return {row["id"] for row in _rows(response, paginated) if isinstance(row, dict) and "id" in row}


def _baselines():
    return json.loads(BASELINES.read_text()) if BASELINES.exists() else {}


def _record_baseline(key, count):
    data = _baselines()
    data[key] = count
    BASELINES.write_text(json.dumps(dict(sorted(data.items())), indent=2, ensure_ascii=False) + "\n")


# Which endpoints each check applies to: the others are not collected (never skipped).
APPLIES = {
    "test_no_permission_cannot_write": lambda e: bool(e.create or e.update or e.delete),
    "test_another_subtree_is_not_found": lambda e: bool(e.make and e.scoped),
    "test_list_queries_are_constant_and_match_the_baseline": lambda e: bool(e.make),
}


def pytest_generate_tests_for(metafunc, endpoints):
    if "endpoint" in metafunc.fixturenames:
        applies = APPLIES.get(metafunc.function.__name__, lambda e: True)
        chosen = [e for e in endpoints if applies(e)]
        # A check that fits none of an app's endpoints is deselected (tests/conftest.py), not skipped.
        metafunc.parametrize("endpoint", chosen or [pytest.param(None, marks=pytest.mark.not_applicable)], ids=str)


@pytest.mark.django_db
class EndpointTests:
    endpoints: list = []

    @pytest.fixture
    def world(self, tree, make_user):
        return World(tree, make_user)

    def writer(self, world, endpoint):
        return world.make_user(role=endpoint.writer_role, organizations=[world.tree.q3], **endpoint.writer_kwargs)

    def reader(self, world, endpoint):
        return world.make_user(role=endpoint.reader_role, organizations=[world.tree.q3], **endpoint.reader_kwargs)

    # --- anonymous ------------------------------------------------------------------
    def test_anonymous_is_refused(self, api, world, endpoint):
        assert api.get(endpoint.list_url).status_code in (401, 403)
        if endpoint.make:
            obj = endpoint.make(world, world.own_org())
            assert api.get(endpoint.detail_url(obj)).status_code in (401, 403)
            assert api.patch(endpoint.detail_url(obj), {}, format="json").status_code in (401, 403)
        if endpoint.create:
            assert api.post(endpoint.list_url, {}, format="json").status_code in (401, 403)

    # --- no permission --------------------------------------------------------------
    def test_no_permission_cannot_write(self, api, world, endpoint):
        client = api.as_user(world.make_user(role=Role.API_CLIENT, organizations=[world.tree.q3],
                                             personal_data_access=True))
        if endpoint.create:
            assert client.post(endpoint.list_url, endpoint.create(world, world.own_org()),
                               format="json").status_code == 403
        if endpoint.make and (endpoint.update or endpoint.delete):
            obj = endpoint.make(world, world.own_org())
            if endpoint.update:
                assert client.patch(endpoint.detail_url(obj), endpoint.update, format="json").status_code == 403
            if endpoint.delete:
                assert client.delete(endpoint.detail_url(obj)).status_code == 403

    # --- permitted ------------------------------------------------------------------
    def test_permitted_reads_writes_and_takes_steps(self, api, world, endpoint):
        client = api.as_user(self.writer(world, endpoint))
        listed = client.get(endpoint.list_url)
        assert listed.status_code == 200, listed.content
        if not endpoint.make:
            return
        obj = endpoint.make(world, world.own_org())
        assert obj.pk in _ids(client.get(endpoint.list_url), endpoint.paginated)
        assert client.get(endpoint.detail_url(obj)).status_code == 200
        if endpoint.update:
            response = client.patch(endpoint.detail_url(obj), endpoint.update, format="json")
            assert response.status_code == 200, response.content
        for name, (body, expected) in endpoint.actions.items():
            response = client.post(endpoint.action_url(obj, name), body(world, obj) if body else {}, format="json")
            assert response.status_code == expected, (name, response.content)
        if endpoint.create:
            response = client.post(endpoint.list_url, endpoint.create(world, world.own_org()), format="json")
            assert response.status_code == 201, response.content
        if endpoint.delete:
            fresh = endpoint.make(world, world.own_org())
            response = client.delete(endpoint.detail_url(fresh))
            assert response.status_code in endpoint.delete_statuses, response.content

    # --- another subtree ----------------------------------------------------------------
    def test_another_subtree_is_not_found(self, api, world, endpoint):
        theirs = endpoint.make(world, world.other_org())
        client = api.as_user(self.writer(world, endpoint))
        assert theirs.pk not in _ids(client.get(endpoint.list_url), endpoint.paginated)
        assert client.get(endpoint.detail_url(theirs)).status_code == 404
        if endpoint.update:
            assert client.patch(endpoint.detail_url(theirs), endpoint.update, format="json").status_code == 404
        if endpoint.delete:
            assert client.delete(endpoint.detail_url(theirs)).status_code == 404
        for name, (body, _expected) in endpoint.actions.items():
            response = client.post(endpoint.action_url(theirs, name), body(world, theirs) if body else {},
                                   format="json")
            assert response.status_code == 404, name
        assert type(theirs).objects.filter(pk=theirs.pk).exists()

    # --- read-only role -----------------------------------------------------------------
    def test_read_only_role_reads_but_cannot_write(self, api, world, endpoint):
        client = api.as_user(self.reader(world, endpoint))
        assert client.get(endpoint.list_url).status_code == 200
        if not endpoint.make:
            return
        obj = endpoint.make(world, world.own_org())
        assert client.get(endpoint.detail_url(obj)).status_code == 200
        if endpoint.create:
            assert client.post(endpoint.list_url, endpoint.create(world, world.own_org()),
                               format="json").status_code == 403
        if endpoint.update:
            assert client.patch(endpoint.detail_url(obj), endpoint.update, format="json").status_code == 403
        if endpoint.delete:
            assert client.delete(endpoint.detail_url(obj)).status_code == 403
        for name, (body, _expected) in endpoint.actions.items():
            response = client.post(endpoint.action_url(obj, name), body(world, obj) if body else {}, format="json")
            assert response.status_code == 403, name

    # --- query counts -------------------------------------------------------------------
    def test_list_queries_are_constant_and_match_the_baseline(self, api, world, endpoint):
        client = api.as_user(self.writer(world, endpoint))
        endpoint.make(world, world.own_org())
        client.get(endpoint.list_url)  # warm the user's scope cache
        with CaptureQueriesContext(connection) as one:
            assert client.get(endpoint.list_url).status_code == 200
        endpoint.make(world, world.own_org())
        endpoint.make(world, world.own_org())
        with CaptureQueriesContext(connection) as three:
            assert client.get(endpoint.list_url).status_code == 200
        assert len(one.captured_queries) == len(three.captured_queries), endpoint.path
        key = f"{endpoint.path}:list"
        if os.environ.get("UPDATE_QUERY_BASELINES"):
            _record_baseline(key, len(one.captured_queries))
        expected = _baselines().get(key)
        assert expected is not None, f"no baseline for {key}: run with UPDATE_QUERY_BASELINES=1"
        assert len(one.captured_queries) == expected, (key, [q["sql"] for q in one.captured_queries])

"""The admin's permission matrix, generated: every registered admin of the domain
apps that has a record in the test world × reader (the administrator, an
inspector and a leader of the owning district, an inspector of another district)
× read (change page, history) / write (posting the page back). A joint inspection
of Quận 3 and Củ Chi adds the inline check: each side's change page shows only
its own rows. Zero wrong cells."""
import pytest
from django.contrib import admin
from django.db import models

from core import scoping
from core.scoping import object_in_scope
from inspection.choices import InspectionStatus
from organizations.choices import Role
from organizations.models import User
from organizations.roles import DOMAIN_APPS
from tests.api.world import build
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db
# Who may change a record inside the scope: its owners' readers (core.scoping's write rule,
# object_writable, where the code base has it), else every reader in scope.
writable = getattr(scoping, "object_writable", object_in_scope)
# Records no one edits in the admin: a sent progress report (a new one corrects it), a rule run and its results.
NEVER_EDITED = {"inspection.progressreport", "rules.rulecheckrun", "rules.rulecheckresult"}


def world_records(world):
    """(model admin, record) for every record of the world whose model the admin registers."""
    seen = {}
    for value in vars(world).values():
        if isinstance(value, models.Model) and type(value) in admin.site._registry and type(value) not in seen:
            if type(value)._meta.app_label in DOMAIN_APPS and type(value) is not User:
                seen[type(value)] = value
    return [(admin.site._registry[model], record) for model, record in seen.items()]


def url(record, view="change"):
    meta = record._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/{view}/"


def shown_rows(response):
    rows = []
    for inline in response.context["inline_admin_formsets"]:
        rows.extend(form.instance for form in inline.formset.initial_forms)
    return rows


@pytest.fixture
def readers(tree, make_user):
    def user(**kwargs):
        return User.objects.get(pk=make_user(**kwargs).pk)
    return {
        "admin": user(role=Role.ADMIN),
        "own_inspector": user(role=Role.INSPECTOR, organizations=[tree.q3]),
        "own_leader": user(role=Role.LEADER, organizations=[tree.q3]),
        "foreign_inspector": user(role=Role.INSPECTOR, organizations=[tree.cuchi]),
    }


def test_admin_matrix(client, tree, readers):
    world = build(tree)
    records = world_records(world)
    assert len(records) >= 15
    # A joint inspection of Quận 3 and Củ Chi and its notice: both sides read them, each its own rows.
    joint = walk(tree, world.admin, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.CONCLUDED)
    records += [(admin.site._registry[type(r)], r) for r in (joint.inspection, joint.conclusion)]
    wrong = []
    for model_admin, record in records:
        for name, user in readers.items():
            client.force_login(user)
            bound = hasattr(model_admin.model.objects.all(), "for_user")
            visible = object_in_scope(user, record) if bound else True
            may_view = user.has_perm(f"{record._meta.app_label}.view_{record._meta.model_name}")
            response = client.get(url(record))
            expected = 200 if (visible and may_view) else (302, 403, 404)
            if (response.status_code != expected) if expected == 200 else (response.status_code not in expected):
                wrong.append((name, "read", url(record), response.status_code))
            if response.status_code == 200:
                outside = [row for row in shown_rows(response)
                           if hasattr(type(row).objects.all(), "for_user") and not object_in_scope(user, row)]
                if outside:
                    wrong.append((name, "inline", url(record), outside))
                if hasattr(model_admin, "history_view"):
                    if client.get(url(record, "history")).status_code != 200:
                        wrong.append((name, "history", url(record)))
            elif hasattr(model_admin, "history_view") and client.get(url(record, "history")).status_code == 200:
                wrong.append((name, "history of a record out of reach", url(record)))
            may_change = (record._meta.label_lower not in NEVER_EDITED
                          and user.has_perm(f"{record._meta.app_label}.change_{record._meta.model_name}")
                          and (not bound or writable(user, record)))
            if response.status_code == 200 and bool(response.context["has_change_permission"]) != may_change:
                wrong.append((name, "offers saving" if not may_change else "refuses saving", url(record)))
            if not may_change:
                # Posting the page back anyway changes nothing.
                before = list(type(record)._base_manager.filter(pk=record.pk).values())
                posted = client.post(url(record), {})
                after = list(type(record)._base_manager.filter(pk=record.pk).values())
                if posted.status_code not in (302, 403, 404) or before != after:
                    wrong.append((name, "write", url(record), posted.status_code))
    assert wrong == [], "\n".join(map(str, wrong))


def test_joint_inspection_inlines_per_side(client, tree, make_user):
    board = make_user(role=Role.INSPECTOR, organizations=[tree.city])
    joint = walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.CONCLUDED)
    for side in (tree.q3, tree.cuchi):
        user = User.objects.get(pk=make_user(role=Role.LEADER, organizations=[side]).pk)
        client.force_login(user)
        for record in (joint.inspection, joint.conclusion):
            response = client.get(url(record))
            assert response.status_code == 200
            rows = [row for row in shown_rows(response) if hasattr(type(row).objects.all(), "for_user")]
            assert rows and all(object_in_scope(user, row) for row in rows), (side, record)

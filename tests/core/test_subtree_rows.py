"""A subtree below a root is read through the keys' own indexes (core.scoping.AmongIds), a root's
through the join on the paths: both must give exactly the rows whose scope organizations lie in the
subtree, for one key (cell meetings), several keys (a succession, seen from either side) and a
to-many key (a joint inspection's targets), through `within` and through a user's scope."""
import datetime

import pytest

from core.scoping import scope_organization_of
from inspection.models import Finding, Inspection, RemediationRequirement
from organizations.choices import Role, SuccessionKind
from organizations.models import CellMeeting, Organization, OrganizationSuccession
from tests.inspection.factories import S, walk
from tests.organizations.factories import CellMeetingFactory

MODELS = (CellMeeting, OrganizationSuccession, Inspection, Finding, RemediationRequirement)


@pytest.fixture
def rows(tree, make_user):
    for cell in (tree.q3_cell, tree.cuchi_cell):
        CellMeetingFactory(cell=cell)
        CellMeetingFactory(cell=cell)
    OrganizationSuccession.objects.create(predecessor=tree.q3_cell, successor=tree.cuchi_cell,
                                          kind=SuccessionKind.TRANSFERRED, effective_date=datetime.date(2019, 7, 1))
    OrganizationSuccession.objects.create(predecessor=tree.q3_ward, successor=tree.q3,
                                          kind=SuccessionKind.RENAMED, effective_date=datetime.date(2019, 7, 1))
    board = make_user(role=Role.INSPECTOR, organizations=[tree.city])
    walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=S.FOLLOWING_UP, code="KT-JOINT")
    walk(tree, board, targets=[tree.q3_cell], status=S.FOLLOWING_UP, code="KT-CELL")
    return tree


def expected(model, path):
    return {obj.pk for obj in model.objects.all()
            if any(org.path.startswith(path) for org in scope_organization_of(obj))}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_within_gives_the_rows_of_the_subtree_at_every_depth(rows, model):
    assert model.objects.count() >= 2
    for organization in Organization.objects.all():
        found = list(model.objects.within(organization).values_list("pk", flat=True))
        assert len(found) == len(set(found)), (model.__name__, organization.code)  # no row twice
        assert set(found) == expected(model, organization.path), (model.__name__, organization.code)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_users_scope_below_the_root_gives_the_rows_of_their_subtrees(rows, make_user, model):
    for roots in ([rows.q3], [rows.q3_cell], [rows.q3_ward, rows.cuchi], [rows.city]):
        user = make_user(role=Role.LEADER, organizations=roots)
        found = list(model.objects.for_user(user).values_list("pk", flat=True))
        wanted = set().union(*(expected(model, root.path) for root in roots))
        assert len(found) == len(set(found)) and set(found) == wanted, (model.__name__, [r.code for r in roots])
        within = model.objects.for_user(user).within(rows.q3_ward)
        assert set(within.values_list("pk", flat=True)) == wanted & expected(model, rows.q3_ward.path)

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import ApplicationError
from core.services import SYSTEM
from organizations.models import Organization
from organizations.services import organization_move
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_subtree_is_one_query_at_any_depth(tree):
    deep = tree.q3_cell
    for i in range(6):
        deep = OrganizationFactory(parent=deep, name=f"Tổ đảng {i}")
    with CaptureQueriesContext(connection) as ctx:
        names = set(Organization.objects.within(tree.q3).values_list("name", flat=True))
    assert len(ctx.captured_queries) == 1
    assert "Tổ đảng 5" in names and "Quận ủy Quận 3" in names
    assert "Huyện ủy Củ Chi" not in names


def test_move_subtree_rewrites_descendant_paths(tree):
    organization_move(user=SYSTEM, organization=tree.q3_ward, new_parent=tree.cuchi)
    tree.q3_cell.refresh_from_db()
    assert tree.q3_cell.path.startswith(tree.cuchi.path)
    assert tree.q3_cell.depth == 4
    assert set(Organization.objects.within(tree.cuchi)) >= {tree.q3_ward, tree.q3_cell}
    assert tree.q3_cell not in Organization.objects.within(tree.q3)


def test_move_into_own_subtree_is_refused(tree):
    with pytest.raises(ApplicationError) as err:
        organization_move(user=SYSTEM, organization=tree.q3, new_parent=tree.q3_cell)
    assert "cấp dưới" in str(err.value.message)
    tree.q3.refresh_from_db()
    assert tree.q3.parent == tree.city


@pytest.mark.parametrize("query", ["cu chi", "CỦ CHI", "Cu Chi", "huyen uy cu"])
def test_search_ignores_diacritics_and_case(tree, query):
    assert tree.cuchi in Organization.objects.search(query)


def test_search_folds_d_stroke(tree):
    assert set(Organization.objects.search("dang uy xa tan thong")) == {tree.cuchi_commune}

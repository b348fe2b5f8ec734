import pytest
from rest_framework.test import APIClient

from organizations.choices import OrganizationKind as K
from organizations.choices import Role

from .factories import OrganizationFactory, UserFactory
from .integration_helpers import broker, broker_down  # noqa: F401  (fixtures: a real broker, one that is down)


class Tree:
    """A small city: Thành ủy → Quận 3 (ward → cell) and Củ Chi (commune → cell)."""

    def __init__(self):
        self.city = OrganizationFactory(name="Thành ủy Thành phố Hồ Chí Minh", code="tu", kind=K.CITY_COMMITTEE)
        self.q3 = OrganizationFactory(name="Quận ủy Quận 3", code="q3", kind=K.URBAN_DISTRICT, parent=self.city)
        self.q3_ward = OrganizationFactory(name="Đảng ủy phường Võ Thị Sáu", code="q3-vts", parent=self.q3)
        self.q3_cell = OrganizationFactory(
            name="Chi bộ Khu phố 1", code="q3-vts-kp1", kind=K.SUBORDINATE_CELL, parent=self.q3_ward
        )
        self.cuchi = OrganizationFactory(name="Huyện ủy Củ Chi", code="cc", kind=K.RURAL_DISTRICT, parent=self.city)
        self.cuchi_commune = OrganizationFactory(name="Đảng ủy xã Tân Thông Hội", code="cc-tth", parent=self.cuchi)
        self.cuchi_cell = OrganizationFactory(
            name="Chi bộ Ấp Trung", code="cc-tth-at", kind=K.SUBORDINATE_CELL, parent=self.cuchi_commune
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache. Dashboard figures and large list totals are cached under
    keys built from ids and SQL, and SQLite hands out the ids of a rolled-back test again: a figure cached
    by one test must not answer the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def make_user(db):
    def make(role=Role.INSPECTOR, organizations=(), **kwargs):
        return UserFactory(role=role, organizations=list(organizations), **kwargs)

    return make


@pytest.fixture
def api():
    """An API client; call api.as_user(user) to authenticate."""

    class Client(APIClient):
        def as_user(self, user):
            self.force_authenticate(user)
            return self

    return Client()


def pytest_collection_modifyitems(config, items):
    """Endpoint checks that apply to none of an app's endpoints (tests/api_spec.py) are not run."""
    dropped = [item for item in items if item.get_closest_marker("not_applicable")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker("not_applicable")]

"""Every inspection endpoint against the generic spec (tests/api_spec.py)."""
from tests.api_spec import EndpointTests, pytest_generate_tests_for

from .endpoints import ENDPOINTS


def pytest_generate_tests(metafunc):
    pytest_generate_tests_for(metafunc, ENDPOINTS)


class TestEndpoints(EndpointTests):
    pass

import pytest

from organizations.choices import Role


@pytest.fixture
def board(make_user, tree):
    """A Board inspector answering for the whole city."""
    return make_user(role=Role.INSPECTOR, organizations=[tree.city], first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def q3_inspector(make_user, tree):
    return make_user(role=Role.INSPECTOR, organizations=[tree.q3])


@pytest.fixture
def cuchi_reporter(make_user, tree):
    return make_user(role=Role.REPORTER, organizations=[tree.cuchi])


@pytest.fixture
def q3_reporter(make_user, tree):
    return make_user(role=Role.REPORTER, organizations=[tree.q3])


@pytest.fixture
def leader(make_user, tree):
    return make_user(role=Role.LEADER, organizations=[tree.city])

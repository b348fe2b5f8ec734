import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import Role
from tests.inspection.factories import walk

D = datetime.date


@pytest.fixture
def board(make_user, tree):
    return make_user(role=Role.INSPECTOR, organizations=[tree.city], username="chuyenvien")


@pytest.fixture
def cuchi_reporter(make_user, tree):
    return make_user(role=Role.REPORTER, organizations=[tree.cuchi], username="baocao_cuchi")


@pytest.fixture
def q3_leader(make_user, tree):
    return make_user(role=Role.LEADER, organizations=[tree.q3], username="lanhdao_q3")


@pytest.fixture
def following(tree, board):
    """An inspection of Quận 3's ward and Củ Chi's commune in follow-up, with one requirement each."""
    from inspection.choices import InspectionStatus

    return walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                deadline=D(2019, 12, 31))


@pytest.fixture
def count_queries():
    def count(client, url, data=None):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, data or {})
        assert response.status_code == 200, response.content.decode()[:2000]
        return len(context.captured_queries)

    return count

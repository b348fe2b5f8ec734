"""Rule results `as_of` a day: each organization's latest judgment of each rule
by a run whose period had ended by then, so `outcome=breach` lists the breaches
still open that day; a later run supersedes; constant queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import Role
from tests.organizations.factories import QualityRatingFactory

from .helpers import Y2018, Y2019, run_rules

pytestmark = pytest.mark.django_db
URL = "/api/v1/rule-results/"


@pytest.fixture
def runs(tree):
    """QR-1: the Quận 3 ward breaches in 2018 (40 > 20 % of 150) and not in 2019."""
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    QualityRatingFactory(organization=tree.q3_ward, year=2019, excellent=20, good=150, fulfilled=0, total=170)
    return run_rules(tree.city, Y2018, ["QR-1"]), run_rules(tree.city, Y2019, ["QR-1"])


def open_breaches(client, day):
    response = client.get(URL, {"as_of": day, "outcome": "breach", "rule_code": "QR-1"})
    assert response.status_code == 200, response.content
    return [(row["organization"]["id"], row["run"]) for row in response.json()["results"]]


def test_open_breaches_as_of_a_day(api, tree, make_user, runs):
    y2018, _y2019 = runs
    client = api.as_user(make_user(Role.LEADER, [tree.city]))
    assert open_breaches(client, "2018-06-30") == []  # no period had ended yet
    assert open_breaches(client, "2019-06-30") == [(tree.q3_ward.pk, y2018.pk)]
    assert open_breaches(client, "31/12/2019") == []  # the 2019 run judges it again: passed
    assert len(client.get(URL, {"outcome": "breach", "rule_code": "QR-1"}).json()["results"]) == 1  # every run
    assert client.get(URL, {"as_of": "2019-02-30"}).status_code == 400


def test_the_as_of_result_list_costs_the_same_queries_for_more_rows(api, tree, make_user, runs):
    client = api.as_user(make_user(Role.LEADER, [tree.city]))

    def count(rows):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(URL, {"as_of": "2020-01-01", "page_size": rows}).json()
        assert len(page["results"]) == rows
        return len(ctx)

    count(1)
    assert count(1) == count(2)


def test_an_as_of_outside_the_real_dates_is_400_not_500(api, tree, make_user):
    client = api.as_user(make_user(Role.LEADER, [tree.city]))
    for url in (URL, "/api/v1/inspections/", "/api/v1/remediation-requirements/"):
        response = client.get(url, {"as_of": "9999-12-31"})
        assert response.status_code == 400 and "as_of" in response.json()["error"]["fields"], url

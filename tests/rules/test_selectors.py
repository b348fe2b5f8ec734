"""breach_matrix: organizations × rules of one run, scoped, in one query;
latest_breaches: what dashboards read for a scope and a year."""
import datetime

import pytest

from core.services import SYSTEM
from organizations.choices import Role
from rules.selectors import breach_matrix, latest_breaches
from tests.organizations.factories import CellMeetingFactory, QualityRatingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db


def test_breach_matrix_counts_and_scope(tree, make_user, django_assert_num_queries):
    QualityRatingFactory(organization=tree.q3_ward, excellent=40, good=150, fulfilled=0, total=190)
    QualityRatingFactory(organization=tree.cuchi_commune, excellent=10, good=100, fulfilled=0, total=110)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    run = run_rules(tree.city, Y2018, ["QR-1", "CM-1"])
    with django_assert_num_queries(1):
        matrix = breach_matrix(user=SYSTEM, run=run)
    assert matrix["rules"] == ["CM-1", "QR-1"]
    assert matrix["totals"] == {"CM-1": {"warning": 1, "insufficient_data": 1}, "QR-1": {"breach": 1, "pass": 1}}
    assert [(row["code"], row["outcomes"], row["breaches"], row["warnings"])
            for row in matrix["organizations"]] == [
        ("q3-vts", {"QR-1": "breach"}, 1, 0),
        ("q3-vts-kp1", {"CM-1": "warning"}, 0, 1),  # CM-1 is [S]: a warning, counted apart
        ("cc-tth", {"QR-1": "pass"}, 0, 0),
        ("cc-tth-at", {"CM-1": "insufficient_data"}, 0, 0),
    ]
    q3_user = make_user(Role.LEADER, [tree.q3])
    scoped = breach_matrix(user=q3_user, run=run)
    assert [row["code"] for row in scoped["organizations"]] == ["q3-vts", "q3-vts-kp1"]
    assert scoped["totals"] == {"CM-1": {"warning": 1}, "QR-1": {"breach": 1}}


def finish(run, day):
    """Set when a run finished (the latest one wins)."""
    from rules.models import RuleCheckRun

    RuleCheckRun.objects.filter(pk=run.pk).update(finished_at=datetime.datetime.combine(day, datetime.time(9),
                                                                                        tzinfo=datetime.UTC))
    run.refresh_from_db()
    return run


@pytest.fixture
def ratings(tree):
    """2018: the Quận 3 ward breaches QR-1 (40 > 20 % of 150), the Củ Chi commune does not."""
    QualityRatingFactory(organization=tree.q3_ward, year=2018, excellent=40, good=150, fulfilled=0, total=190)
    QualityRatingFactory(organization=tree.cuchi_commune, year=2018, excellent=10, good=100, fulfilled=0, total=110)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))


def test_latest_breaches_reads_the_latest_full_year_run_covering_the_scope(tree, ratings,
                                                                          django_assert_num_queries):
    older = finish(run_rules(tree.city, Y2018, ["QR-1"]), D(2019, 1, 10))
    latest = finish(run_rules(tree.city, Y2018, ["QR-1", "CM-1"]), D(2019, 2, 10))
    finish(run_rules(tree.city, (D(2018, 7, 1), D(2018, 12, 31)), ["QR-1"]), D(2019, 3, 1))  # half a year
    finish(run_rules(tree.cuchi, Y2018, ["QR-1"]), D(2019, 3, 1))  # does not cover the city
    with django_assert_num_queries(2):
        city = latest_breaches(user=SYSTEM, scope=tree.city, year=2018)
    assert city["run"] == latest != older
    assert (city["counts"], city["warnings"]) == ({"CM-1": 0, "QR-1": 1}, {"CM-1": 1, "QR-1": 0})
    assert city["organizations"] == [
        {"id": tree.q3_ward.pk, "code": "q3-vts", "name": "Đảng ủy phường Võ Thị Sáu", "rules": ["QR-1"],
         "warnings": []},
        {"id": tree.q3_cell.pk, "code": "q3-vts-kp1", "name": "Chi bộ Khu phố 1", "rules": [], "warnings": ["CM-1"]},
    ]
    cuchi = latest_breaches(user=SYSTEM, scope=tree.cuchi, year=2018)  # its own run is the latest covering it
    assert cuchi["run"].scope == tree.cuchi
    assert (cuchi["counts"], cuchi["organizations"]) == ({"QR-1": 0}, [])
    assert latest_breaches(user=SYSTEM, scope=tree.city, year=2019)["run"] is None


def test_latest_breaches_is_scoped(tree, make_user, ratings):
    run_rules(tree.city, Y2018, ["QR-1", "CM-1"])
    q3_leader = make_user(Role.LEADER, [tree.q3])
    q3 = latest_breaches(user=q3_leader, scope=tree.q3, year=2018)
    assert [row["code"] for row in q3["organizations"]] == ["q3-vts", "q3-vts-kp1"]
    assert latest_breaches(user=q3_leader, scope=tree.city, year=2018)["run"] is None  # above their subtree
    assert latest_breaches(user=q3_leader, scope=tree.cuchi, year=2018)["organizations"] == []


def test_a_run_from_an_inspection_covers_the_subtrees_of_its_targets(tree, make_user, ratings):
    from rules.services import check_run_create_for_inspection, check_run_execute
    from tests.inspection.factories import walk

    board = make_user(organizations=[tree.city])
    inspection = walk(tree, board, targets=[tree.q3], topics=("quality_rating",)).inspection  # period 2018
    run = check_run_execute(run_id=check_run_create_for_inspection(user=board, inspection=inspection).pk)
    assert latest_breaches(user=SYSTEM, scope=tree.q3_ward, year=2018)["run"] == run
    assert latest_breaches(user=SYSTEM, scope=tree.city, year=2018)["run"] is None

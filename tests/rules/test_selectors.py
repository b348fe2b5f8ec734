"""breach_matrix: organizations × rules of one run, scoped, in one query."""
import pytest

from organizations.choices import Role
from reports.rules.selectors import breach_matrix
from tests.organizations.factories import CellMeetingFactory, QualityRatingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db


def test_breach_matrix_counts_and_scope(tree, make_user, django_assert_num_queries):
    QualityRatingFactory(organization=tree.q3_ward, excellent=40, good=150, fulfilled=0, total=190)
    QualityRatingFactory(organization=tree.cuchi_commune, excellent=10, good=100, fulfilled=0, total=110)
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    run = run_rules(tree.city, Y2018, ["QR-1", "CM-1"])
    with django_assert_num_queries(1):
        matrix = breach_matrix(user=None, run=run)
    assert matrix["rules"] == ["CM-1", "QR-1"]
    assert matrix["totals"] == {"CM-1": {"breach": 1, "insufficient_data": 1}, "QR-1": {"breach": 1, "pass": 1}}
    assert [(row["code"], row["outcomes"], row["breaches"]) for row in matrix["organizations"]] == [
        ("q3-vts", {"QR-1": "breach"}, 1),
        ("q3-vts-kp1", {"CM-1": "breach"}, 1),
        ("cc-tth", {"QR-1": "pass"}, 0),
        ("cc-tth-at", {"CM-1": "insufficient_data"}, 0),
    ]
    q3_user = make_user(Role.LEADER, [tree.q3])
    scoped = breach_matrix(user=q3_user, run=run)
    assert [row["code"] for row in scoped["organizations"]] == ["q3-vts", "q3-vts-kp1"]
    assert scoped["totals"] == {"CM-1": {"breach": 1}, "QR-1": {"breach": 1}}

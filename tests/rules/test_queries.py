"""A run's queries do not grow with the number of organizations: every rule
executes the same number of queries over a subtree of 2 or 10 cells, and of
1, 2 or 3 wards, all with data (ratings, admissions, a plan, meetings)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.services import SYSTEM
from organizations.choices import OrganizationKind as K
from rules.base import REGISTRY
from rules.services import check_run_create, check_run_execute, rule_settings_ensure
from tests.cadres.factories import CadreFactory, PlanningEntryFactory
from tests.factories import OrganizationFactory
from tests.organizations.factories import AdmissionYearFactory, CellMeetingFactory, QualityRatingFactory, TermFactory

from .helpers import Y2019, D

pytestmark = pytest.mark.django_db
CODES = sorted(code for code, rule in REGISTRY.items() if rule.intersects(*Y2019))


def district(n_cells, n_wards=1):
    root = OrganizationFactory(kind=K.URBAN_DISTRICT)
    for _ in range(n_wards):
        ward = OrganizationFactory(parent=root)
        QualityRatingFactory(organization=ward, year=2019, excellent=2, good=10, fulfilled=0, total=12)
        AdmissionYearFactory(organization=ward)
        PlanningEntryFactory(cadre=CadreFactory(organization=ward), organization=ward,
                             term=TermFactory(start_year=2020), title__level="grassroots")
        for _ in range(n_cells):
            cell = OrganizationFactory(kind=K.SUBORDINATE_CELL, parent=ward)
            for month in range(1, 13):
                CellMeetingFactory(cell=cell, date=D(2019, month, 5))
    return root


def queries_per_rule(scope):
    counts = {}
    for code in CODES:
        run = check_run_create(user=SYSTEM, scope=scope, period_start=Y2019[0], period_end=Y2019[1], rule_codes=[code])
        with CaptureQueriesContext(connection) as captured:
            check_run_execute(run_id=run.pk)
        counts[code] = len(captured)
    return counts


def test_queries_do_not_grow_with_cells():
    rule_settings_ensure()
    small, large = queries_per_rule(district(2)), queries_per_rule(district(10))
    assert small == large
    assert max(small.values()) <= 20


def test_queries_do_not_grow_with_organizations_with_data():
    """AD-2, CP-1 and CP-2 once ran their selector for each organization with
    data (3 statements each); they now read every organization's figures at once."""
    rule_settings_ensure()
    one, two, three = (queries_per_rule(district(1, n_wards=n)) for n in (1, 2, 3))
    assert one == two == three

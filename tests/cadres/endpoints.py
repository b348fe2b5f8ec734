"""The cadres app's endpoints, declared once (tests/api_spec.py). Personal
data: the permitted and the read-only users are not API clients, the
no-permission one is an API client granted personal data but no writes."""
from cadres.choices import MovementKind
from tests.api_spec import Endpoint
from tests.organizations.factories import TermFactory

from .factories import (
    CadreFactory,
    MovementFactory,
    PlanningEntryFactory,
    TitleAssignmentFactory,
    TitleFactory,
    TrainingRecordFactory,
)


def _cadre(w, org):
    return CadreFactory(organization=org)


def _planning(w, org):
    district = org.parent  # titles belong to a level: the district's, like TitleFactory's
    return PlanningEntryFactory(cadre=_cadre(w, district), organization=district, term=TermFactory(start_year=2020))


ENDPOINTS = [
    Endpoint("cadre-titles", make=lambda w, org: TitleFactory(), scoped=False),
    Endpoint("planning-norms", scoped=False),
    Endpoint("cadre-analysis", scoped=False, paginated=False),
    Endpoint("cadres", make=_cadre, update={"full_name": "Lê Văn Sửa"}, delete=True,
             create=lambda w, org: {"code": "CB-NEW", "full_name": "Lê Thị Mới", "birth_date": "1980-02-03",
                                    "gender": "female", "organization": org.pk}),
    Endpoint("title-assignments",
             make=lambda w, org: TitleAssignmentFactory(cadre=_cadre(w, org.parent), organization=org.parent),
             update={"decision": "1-QĐ/QU"}, delete=True),
    Endpoint("planning-entries", make=_planning, update={"decision": "2-QĐ/QU"},
             actions={"remove": (lambda w, obj: {"removed_on": "2021-06-01", "reason": "over_age"}, 200)}),
    Endpoint("trainings", make=lambda w, org: TrainingRecordFactory(cadre=_cadre(w, org)),
             update={"course": "Trung cấp lý luận"}, delete=True,
             actions={"complete": (lambda w, obj: {"ended_on": "2019-06-01"}, 200)}),
    Endpoint("movements",
             make=lambda w, org: MovementFactory(cadre=_cadre(w, org.parent), kind=MovementKind.APPOINTMENT,
                                                 to_title=TitleFactory(), from_organization=org.parent,
                                                 from_title=TitleFactory()),
             update={"decision": "3-QĐ/QU"}, delete=True),
]

"""The organizations app's endpoints, declared once (tests/api_spec.py)."""
import datetime

from organizations.choices import OrganizationKind as K
from organizations.models import MembershipStructure, OrganizationSuccession
from tests.api_spec import Endpoint
from tests.factories import OrganizationFactory

from .factories import (
    AdmissionYearFactory,
    CellMeetingFactory,
    CommitteeMemberFactory,
    CongressFactory,
    QualityRatingFactory,
    TermFactory,
)


def _grassroots(org):
    return OrganizationFactory(parent=org)


def _cell(org):
    return OrganizationFactory(parent=org, kind=K.SUBORDINATE_CELL)


ENDPOINTS = [
    # The tree is the administrator's (tests/organizations/test_api.py); everyone else reads it.
    Endpoint("organizations", make=lambda w, org: _grassroots(org)),
    Endpoint("terms", make=lambda w, org: TermFactory(), scoped=False),
    # Written by administrators only (tests/api/test_successions.py).
    Endpoint("organization-successions", make=lambda w, org: OrganizationSuccession.objects.create(
        predecessor=_grassroots(org), successor=_grassroots(org), kind="merged_into",
        effective_date=datetime.date(2025, 7, 1))),
    Endpoint(
        "congresses", make=lambda w, org: CongressFactory(organization=_grassroots(org)),
        create=lambda w, org: {"organization": org.pk, "term": TermFactory().pk, "opened_on": "2015-07-01"},
        update={"resolution_summary": "Đã sửa"}, delete=True,
    ),
    Endpoint(
        "committee-members", make=lambda w, org: CommitteeMemberFactory(organization=_grassroots(org)),
        create=lambda w, org: {"organization": org.pk, "term": TermFactory().pk, "full_name": "Nguyễn Văn B",
                               "gender": "male", "birth_date": "1975-05-05", "position": "secretary",
                               "from_date": "2015-07-16"},
        update={"cadre_code": "C-9"}, delete=True,
    ),
    Endpoint(
        "quality-ratings", make=lambda w, org: QualityRatingFactory(organization=_grassroots(org)),
        create=lambda w, org: {"organization": org.pk, "year": 2018, "subject": "members", "excellent": 1,
                               "good": 10, "total": 11},
        update={"source_document": "Báo cáo"}, delete=True,
    ),
    Endpoint(
        "cell-meetings", make=lambda w, org: CellMeetingFactory(cell=_cell(org)),
        create=lambda w, org: {"cell": _cell(org).pk, "date": "2019-05-05", "kind": "regular",
                               "duration_minutes": 90, "members_total": 10, "present": 10, "spoke": 3,
                               "young_spoke": 1},
        update={"topic": "Sinh hoạt thường kỳ"}, delete=True,
    ),
    Endpoint(
        "admissions", make=lambda w, org: AdmissionYearFactory(organization=_grassroots(org)),
        create=lambda w, org: {"organization": org.pk, "year": 2019, "target": 5, "admitted": 2,
                               "sector_worker": 2},
        update={"target": 6}, delete=True,
    ),
    Endpoint(
        "membership-structures",
        make=lambda w, org: MembershipStructure.objects.create(organization=_grassroots(org), year=2018,
                                                               members_total=3, sector_other=3),
        create=lambda w, org: {"organization": org.pk, "year": 2018, "members_total": 4, "women": 1,
                               "sector_other": 4},
        update={"members_total": 3, "sector_other": 3}, delete=True,
    ),
]

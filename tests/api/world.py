"""A small but complete world for the schema fuzz: a record of every kind the
API serves, inside Quận 3 (so that the scoped user sees them too), and the ids
that generated requests are steered to, so that detail endpoints, filters and
bodies reach real rows and not only 404s and 400s."""
import datetime
import types

from cadres.choices import MovementKind, PlanningStatus
from cadres.models import PlanningNorm
from core.services import SYSTEM
from inspection import services as inspection_services
from inspection.choices import InspectionStatus
from inspection.models import Topic
from organizations.choices import Role
from organizations.models import MembershipStructure, OrganizationSuccession
from reports import kinds
from reports.choices import ReportStatus
from rules.services import check_run_create, check_run_execute
from tests.cadres.factories import (
    CadreFactory,
    MovementFactory,
    PlanningEntryFactory,
    TermFactory,
    TitleAssignmentFactory,
    TitleFactory,
    TrainingRecordFactory,
)
from tests.factories import UserFactory
from tests.inspection.factories import DocumentFactory, walk
from tests.organizations.factories import (
    AdmissionYearFactory,
    CellMeetingFactory,
    CommitteeMemberFactory,
    CongressFactory,
    QualityRatingFactory,
)
from tests.reports.factories import ReportFactory

D = datetime.date

# Path prefix under /api/v1/ → the attribute of the world holding the record a detail URL points at.
DETAIL_TARGETS = {
    "organizations": "ward", "organization-successions": "succession",
    "terms": "term", "congresses": "congress", "committee-members": "member",
    "quality-ratings": "rating", "cell-meetings": "meeting", "admissions": "admission",
    "membership-structures": "structure", "cadres": "cadre", "cadre-titles": "title",
    "planning-norms": "norm", "title-assignments": "assignment", "planning-entries": "entry",
    "trainings": "training", "movements": "movement", "documents": "document", "programs": "program",
    "program-items": "item", "inspections": "inspection", "findings": "finding", "conclusions": "conclusion",
    "remediation-requirements": "requirement", "progress-reports": "progress_report",
    "deadline-extensions": "extension", "reports": "report", "rule-runs": "run", "rule-results": "result",
}

# Parameter or body field name → the attribute of the world whose id it takes.
FIELD_TARGETS = {
    "organization": "ward", "scope": "q3", "within": "q3", "cell": "cell", "parent": "q3",
    "issuer": "q3", "authority": "city", "conducted_by": "city", "responsible": "ward",
    "responsible_organization": "ward", "to_organization": "ward", "from_organization": "q3",
    "targets": "ward", "target_organizations": "ward", "term": "term", "cadre": "cadre", "title": "title",
    "inspection": "inspection", "conclusion": "conclusion", "requirement": "requirement", "program": "program",
    "program_item": "item", "document": "document", "decision_document": "document",
    "plan_document": "document", "basis_document": "document", "bases": "document", "run": "run",
    "findings": "finding", "finding": "finding", "topic": "topic", "topics": "topic",
    "predecessor": "cell", "successor": "ward",
}


def build(tree):
    """The world, built through the factories and the real services."""
    w = types.SimpleNamespace(city=tree.city, q3=tree.q3, ward=tree.q3_ward, cell=tree.q3_cell)
    w.admin = UserFactory(role=Role.ADMIN, username="fuzz-admin")
    w.q3_inspector = UserFactory(role=Role.INSPECTOR, organizations=[tree.q3], username="fuzz-q3")
    board = UserFactory(role=Role.INSPECTOR, organizations=[tree.city], username="fuzz-board")

    # Organization records.
    w.term = TermFactory(name="2015–2020", start_year=2015, end_year=2020, starts_on=D(2015, 10, 1),
                         ends_on=D(2020, 10, 17))
    w.congress = CongressFactory(organization=tree.q3, term=w.term)
    w.member = CommitteeMemberFactory(organization=tree.q3, term=w.term)
    w.rating = QualityRatingFactory(organization=tree.q3_ward)
    w.meeting = CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 3, 5))
    w.succession = OrganizationSuccession.objects.create(predecessor=tree.q3_cell, successor=tree.q3_ward,
                                                         kind="merged_into", effective_date=D(2025, 7, 1))
    w.admission = AdmissionYearFactory(organization=tree.q3_ward, year=2018)
    w.structure = MembershipStructure.objects.create(organization=tree.q3_ward, year=2018, members_total=40,
                                                     women=10, sector_other=40)

    # Cadres.
    w.title = TitleFactory()
    w.cadre = CadreFactory(organization=tree.q3_ward)
    w.assignment = TitleAssignmentFactory(cadre=w.cadre, title=w.title)
    w.entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3_ward), title=w.title, term=w.term,
                                   status=PlanningStatus.PROPOSED, approved_on=None)
    w.training = TrainingRecordFactory(cadre=w.cadre)
    w.movement = MovementFactory(cadre=w.cadre, kind=MovementKind.TRANSFER, to_organization=tree.q3_ward)
    w.norm = PlanningNorm.objects.order_by("pk").first()

    # Inspections: a program, an inspection of the ward up to the follow-up, its remediation.
    w.topic = Topic.objects.get(code="quality_rating")
    w.document = DocumentFactory(issuer=tree.q3, issuer_code="QU")
    w.program = inspection_services.program_create(user=board, authority=tree.city, year=2019,
                                                   title="Chương trình kiểm tra năm 2019")
    w.item = inspection_services.program_item_create(
        user=board, program=w.program, topic=w.topic, title="Kiểm tra Quận 3", responsible=tree.city,
        planned_start=D(2019, 5, 1), planned_end=D(2019, 6, 30), target_organizations=[tree.q3_ward])
    walked = walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP,
                  program_item=w.item)
    w.inspection = walked.inspection
    w.finding = walked.findings[tree.q3_ward.pk]
    w.conclusion = walked.conclusion
    w.requirement = walked.requirements[tree.q3_ward.pk]
    w.progress_report = inspection_services.progress_report_submit(user=board, requirement=w.requirement,
                                                                   text="Đang khắc phục.", percent=40)
    w.extension = inspection_services.extension_request(user=board, requirement=w.requirement,
                                                        requested_deadline=D(2020, 3, 31), reason="Cần thêm thời gian.")

    # Reports and rule checks.
    w.report = ReportFactory(kind=kinds.ORGANIZATION_STRUCTURE, scope=tree.q3, status=ReportStatus.FAILED)
    created = check_run_create(user=SYSTEM, scope=tree.q3, period_start=D(2018, 1, 1), period_end=D(2018, 12, 31))
    w.run = check_run_execute(run_id=created.pk)
    w.result = w.run.results.order_by("pk").first()
    return w


def target_id(world, attribute):
    record = getattr(world, attribute)
    return record.code if attribute == "topic" else record.pk

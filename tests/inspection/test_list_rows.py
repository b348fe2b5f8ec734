"""The exact JSON of one row of the findings and requirements lists: every key, in
order, with its value. The list serializers take a lighter path than DRF's field
by field one (#18); what they answer must stay what it was."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from inspection import services
from inspection.choices import InspectionStatus
from inspection.models import FindingAttachment, FindingEvidence
from tests.organizations.factories import CellMeetingFactory, TermFactory

from .factories import pdf, walk

pytestmark = pytest.mark.django_db
API = "/api/v1"


def brief(org):
    return {"id": org.pk, "code": org.code, "name": org.name, "short_name": org.short_name, "kind": org.kind}


def iso(moment):
    """DRF's rendering of a stored moment: in Vietnam's time, with its offset."""
    return moment.astimezone(datetime.timezone(datetime.timedelta(hours=7))).isoformat()


@pytest.fixture
def world(tree, board, cuchi_reporter):
    TermFactory()
    out = walk(tree, board, targets=[tree.cuchi], status=InspectionStatus.FOLLOWING_UP, code="KT-PIN",
               deadline=datetime.date(2030, 1, 1))
    finding = out.findings[tree.cuchi.pk]
    attachment = FindingAttachment(finding=finding, file=pdf("biên bản.pdf"))  # set-up only: findings are frozen
    attachment.full_clean()
    attachment.save()
    meeting = CellMeetingFactory(cell=tree.cuchi)
    evidence = cite(finding, meeting)
    requirement = out.requirements[tree.cuchi.pk]
    services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="40%", percent=40)
    return out, finding, attachment, evidence, requirement


def cite(finding, record):
    """Evidence written directly: the inspection is past the step where the service allows it."""
    return FindingEvidence.objects.create(finding=finding, content_type=ContentType.objects.get_for_model(record),
                                          object_id=record.pk, note="Biên bản họp chi bộ")


def test_a_finding_row_is_pinned(api, tree, board, world):
    out, finding, attachment, evidence, _requirement = world
    finding.refresh_from_db()
    attachment.refresh_from_db()
    body = api.as_user(board).get(f"{API}/findings/").json()
    assert body["count"] == 1
    assert list(body["results"][0].items()) == list({
        "id": finding.pk, "inspection": out.inspection.pk, "inspection_code": "KT-PIN",
        "organization": tree.cuchi.pk, "organization_detail": brief(tree.cuchi), "topic": finding.topic.code,
        "kind": finding.kind, "severity": finding.severity, "text": finding.text, "tags": ["tu-phe-binh-yeu"],
        "evidence": [{"id": evidence.pk, "record_type": "organizations.cellmeeting",
                      "record_id": evidence.object_id, "note": "Biên bản họp chi bộ"}],
        "attachments": [{"id": attachment.pk, "name": "biên bản.pdf", "size": attachment.size,
                         "sha256": attachment.sha256, "content_type": "application/pdf",
                         "url": f"http://testserver/files/finding/{attachment.pk}/",
                         "uploaded_at": iso(attachment.uploaded_at)}],
        "created_at": iso(finding.created_at), "version": finding.version,
    }.items())


def test_a_requirement_row_is_pinned(api, tree, board, world):
    out, finding, _attachment, _evidence, requirement = world
    requirement.refresh_from_db()
    report = requirement.progress_reports.get()
    conclusion = out.conclusion
    conclusion.refresh_from_db()
    body = api.as_user(board).get(f"{API}/remediation-requirements/").json()
    assert body["count"] == 1
    assert list(body["results"][0].items()) == list({
        "id": requirement.pk, "conclusion": conclusion.pk, "document": conclusion.document.number_display,
        "inspection": out.inspection.pk, "organization": tree.cuchi.pk, "organization_detail": brief(tree.cuchi),
        "responsible_organization": requirement.responsible_organization_id,
        "responsible_detail": brief(requirement.responsible_organization) if requirement.responsible_organization
        else None,
        "text": requirement.text, "findings": [finding.pk], "original_deadline": "2030-01-01",
        "deadline": "2030-01-01", "status": requirement.status, "is_overdue": False,
        "priority": requirement.priority, "last_percent": 40, "last_report_at": iso(report.submitted_at),
        "verified_at": None, "verified_by": None, "version": requirement.version,
    }.items())

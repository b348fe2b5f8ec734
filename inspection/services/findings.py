"""Findings, their tags, evidence and attachments."""
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.scoping import object_in_scope, scope_organization_of
from core.services import (
    application_error_from,
    model_perm,
    protected_delete,
    require_change,
    require_organization,
    set_fields,
    stored_user,
    validated_save,
)
from core.text import fold
from organizations.models import Organization

from ..models import Finding, FindingAttachment, FindingEvidence, Inspection, Tag, Topic
from ..models.findings import FINDINGS_OPEN_STATUSES, findings_frozen_error

FINDING_FIELDS = ("organization", "topic", "kind", "severity", "text")


def tags_from(values) -> list[Tag]:
    """Tags for slugs or free labels: "Tự phê bình yếu" and "tu-phe-binh-yeu" are the same tag."""
    tags = []
    for value in values:
        value = str(value).strip()
        slug = slugify(fold(value))[:80]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": value})
        tags.append(tag)
    return tags


def _require_open(inspection):
    if inspection.status not in FINDINGS_OPEN_STATUSES:
        raise application_error_from(findings_frozen_error(inspection))


@transaction.atomic
def finding_create(*, user, inspection: Inspection, organization: Organization, topic: Topic, kind: str, text: str,
                   severity: str = "", tags=()) -> Finding:
    require_organization(user, organization)
    _require_open(inspection)
    finding = validated_save(Finding(inspection=inspection, organization=organization, topic=topic, kind=kind,
                                     severity=severity or "",
                                     text=text, created_by=stored_user(user)))
    finding.tags.set(tags_from(tags))
    return finding


@transaction.atomic
def finding_update(*, user, finding: Finding, tags=None, **fields) -> Finding:
    require_change(user, finding)
    _require_open(finding.inspection)
    if "organization" in fields:
        require_organization(user, fields["organization"])
    set_fields(finding, fields, FINDING_FIELDS)
    validated_save(finding)
    if tags is not None:
        finding.tags.set(tags_from(tags))
    return finding


@transaction.atomic
def finding_delete(*, user, finding: Finding):
    require_change(user, finding, model_perm(Finding, "delete"))
    _require_open(finding.inspection)
    finding.tags.clear()
    protected_delete(finding)


@transaction.atomic
def finding_add_evidence(*, user, finding: Finding, record_type: str, record_id: int,
                         note: str = "") -> FindingEvidence:
    require_change(user, finding)
    """Cite a record of the inspected organization ("app_label.model", id). The
    record must be one of the allowed kinds, exist, be in the user's scope and
    belong to the finding's organization or one below it."""
    _require_open(finding.inspection)
    model = FindingEvidence.allowed_model(record_type)
    if model is None:
        raise ApplicationError(_("Loại hồ sơ «%(label)s» không được dùng làm chứng cứ.") % {"label": record_type},
                               fields={"record_type": [_("Loại hồ sơ không hợp lệ.")]})
    record = model._default_manager.filter(pk=record_id).first()
    if record is None or not object_in_scope(user, record):
        raise ApplicationError(_("Không tìm thấy hồ sơ làm chứng cứ trong phạm vi phụ trách."),
                               fields={"record_id": [_("Không tìm thấy.")]}, status=404, code="not_found")
    prefix = finding.organization.path
    if not any(org.path.startswith(prefix) for org in scope_organization_of(record)):
        raise ApplicationError(
            _("Hồ sơ làm chứng cứ phải thuộc %(org)s hoặc tổ chức trực thuộc.") % {"org": finding.organization},
            fields={"record_id": [_("Hồ sơ của tổ chức khác.")]},
        )
    content_type = ContentType.objects.get_for_model(model)
    if finding.evidence.filter(content_type=content_type, object_id=record.pk).exists():
        raise ApplicationError(_("Hồ sơ này đã được dẫn làm chứng cứ."), code="duplicate", status=409)
    return validated_save(FindingEvidence(finding=finding, content_type=content_type, object_id=record.pk, note=note))


@transaction.atomic
def finding_add_attachment(*, user, finding: Finding, file) -> FindingAttachment:
    require_change(user, finding)
    _require_open(finding.inspection)
    return validated_save(FindingAttachment(finding=finding, file=file, uploaded_by=stored_user(user)))


@transaction.atomic
def findings_import(*, user, inspection: Inspection, rows) -> list[Finding]:
    """Rows of an XLSX import, checked in its preview ({"line", "organization", "topic"
    (ids), "kind", "severity", "text", "tags"}), saved all or nothing through
    finding_create: a refused row names its line and nothing is kept."""
    organizations = Organization.objects.in_bulk({row["organization"] for row in rows})
    topics = Topic.objects.in_bulk({row["topic"] for row in rows})
    created = []
    for row in rows:
        try:
            organization, topic = organizations.get(row["organization"]), topics.get(row["topic"])
            if organization is None or topic is None:
                raise ApplicationError(_("Tổ chức hoặc nội dung kiểm tra không còn tồn tại."))
            created.append(finding_create(user=user, inspection=inspection, organization=organization, topic=topic,
                                          kind=row["kind"], severity=row["severity"], text=row["text"],
                                          tags=row["tags"]))
        except ApplicationError as exc:
            raise ApplicationError(_("Dòng %(line)s: %(message)s") % {"line": row["line"], "message": exc.message},
                                   code=exc.code, status=exc.status, fields=exc.fields) from exc
    return created

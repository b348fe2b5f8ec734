"""Remediation requirements and what follows: progress reports, verification,
deadline extensions. Every service writes the requirement's timeline."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.services import (
    model_perm,
    protected_delete,
    require_change,
    require_organization,
    set_fields,
    stored_user,
    validated_save,
)
from core.uploads import validate_upload
from core.workflow import require_step
from organizations.models import Organization

from ..choices import (
    REQUIREMENT_PENDING,
    ConclusionStatus,
    ExtensionStatus,
    InspectionStatus,
    Priority,
    RequirementEventKind,
    RequirementStatus,
)
from ..models import (
    Conclusion,
    DeadlineExtension,
    ProgressAttachment,
    ProgressReport,
    RemediationRequirement,
    RequirementEvent,
)
from ..models.remediation import frozen_error

R = RequirementStatus
REQUIREMENT_TRANSITIONS = {
    R.OPEN: {R.IN_PROGRESS, R.REPORTED_DONE},
    R.IN_PROGRESS: {R.IN_PROGRESS, R.REPORTED_DONE},
    R.REOPENED: {R.IN_PROGRESS, R.REPORTED_DONE},
    R.REPORTED_DONE: {R.IN_PROGRESS, R.REPORTED_DONE, R.VERIFIED, R.REOPENED},
    R.VERIFIED: {R.REOPENED},
}
VERIFY_PERM = "inspection.change_remediationrequirement"
DECIDE_PERM = "inspection.change_deadlineextension"


def _label(status):
    return str(R(status).label)


def record_event(requirement, kind, *, user, at=None, text="", data=None):
    return RequirementEvent.objects.create(requirement=requirement, kind=kind, by=stored_user(user),
                                           at=at or timezone.now(), text=text, data=data or {})


def _overdue(requirement, today):
    return (requirement.conclusion.status == ConclusionStatus.ISSUED and requirement.status in REQUIREMENT_PENDING
            and requirement.deadline < today)


def refresh_overdue_of(requirement, today=None):
    """Recompute the stored overdue flag of one requirement (services call it on every change)."""
    value = _overdue(requirement, today or timezone.localdate())
    if value != requirement.is_overdue:
        requirement.is_overdue = value
        RemediationRequirement.objects.filter(pk=requirement.pk).update(is_overdue=value)
    return value


def requirements_refresh_overdue(*, ids=None, today=None) -> int:
    """Bulk recompute for date rollover: two UPDATE statements whatever the
    number of rows. Returns how many rows changed."""
    today = today or timezone.localdate()
    rows = RemediationRequirement.objects.all()
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    due = Q(conclusion__status=ConclusionStatus.ISSUED, status__in=REQUIREMENT_PENDING, deadline__lt=today)
    changed = rows.filter(due, is_overdue=False).update(is_overdue=True)
    changed += rows.filter(~due, is_overdue=True).update(is_overdue=False)
    return changed


def _locked(requirement):
    """Lock the row, then bring the caller's instance up to date."""
    list(RemediationRequirement.objects.select_for_update().filter(pk=requirement.pk).values_list("pk"))
    requirement.refresh_from_db()
    return requirement


def _require_running(requirement):
    if requirement.conclusion.status != ConclusionStatus.ISSUED:
        raise ApplicationError(_("Thông báo kết luận chưa ban hành nên yêu cầu khắc phục chưa có hiệu lực."),
                               code="invalid_transition", status=409)
    if requirement.conclusion.inspection.status in (InspectionStatus.CLOSED, InspectionStatus.CANCELLED):
        raise ApplicationError(_("Cuộc kiểm tra đã kết thúc."), code="invalid_transition", status=409)


def _move(requirement, to_status):
    if to_status not in REQUIREMENT_TRANSITIONS.get(requirement.status, set()):
        raise ApplicationError(
            _("Không thể chuyển yêu cầu khắc phục từ «%(from)s» sang «%(to)s».")
            % {"from": _label(requirement.status), "to": _label(to_status)},
            code="invalid_transition", status=409,
        )
    requirement.status = to_status


def _check_findings(conclusion, organization, findings):
    for finding in findings:
        if finding.inspection_id != conclusion.inspection_id or not finding.organization.path.startswith(
            organization.path
        ):
            raise ApplicationError(
                _("Kết quả kiểm tra #%(id)s không thuộc cuộc kiểm tra hoặc tổ chức của yêu cầu này.")
                % {"id": finding.pk}, fields={"findings": [_("Không hợp lệ.")]},
            )


@transaction.atomic
def requirement_create(*, user, conclusion: Conclusion, organization: Organization, text: str,
                       deadline: datetime.date, responsible_organization: Organization | None = None, findings=(),
                       priority: str = Priority.NORMAL, at=None) -> RemediationRequirement:
    """A requirement of a draft notice; it takes effect when the notice is issued."""
    require_change(user, conclusion, model_perm(RemediationRequirement, "add"))
    if Conclusion.objects.filter(pk=conclusion.pk, status=ConclusionStatus.ISSUED).exists():
        raise frozen_error()
    require_organization(user, organization)
    responsible = responsible_organization or organization
    require_organization(user, responsible, "responsible_organization")
    findings = list(findings)
    _check_findings(conclusion, organization, findings)
    requirement = validated_save(RemediationRequirement(
        conclusion=conclusion, organization=organization, responsible_organization=responsible, text=text,
        original_deadline=deadline, deadline=deadline, priority=priority, created_at=at or timezone.now()))
    requirement.findings.set(findings)
    record_event(requirement, RequirementEventKind.CREATED, user=user, at=at, text=text,
                 data={"deadline": deadline.isoformat(), "responsible_organization": responsible.pk})
    return requirement


@transaction.atomic
def requirement_update(*, user, requirement: RemediationRequirement, findings=None, deadline=None,
                       **fields) -> RemediationRequirement:
    """Edit a requirement. While its notice is a draft, everything; afterwards only the priority."""
    require_change(user, requirement)
    requirement = _locked(requirement)
    issued = requirement.conclusion.status == ConclusionStatus.ISSUED
    if issued and (set(fields) - {"priority"} or findings is not None or deadline is not None):
        raise frozen_error()
    if deadline is not None:
        fields["original_deadline"] = deadline
        requirement.deadline = deadline
    for key in ("organization", "responsible_organization"):
        if key in fields:
            require_organization(user, fields[key], key)
    set_fields(requirement, fields, ("organization", "responsible_organization", "text", "priority",
                                     "original_deadline"))
    validated_save(requirement)
    if findings is not None:
        findings = list(findings)
        _check_findings(requirement.conclusion, requirement.organization, findings)
        requirement.findings.set(findings)
    record_event(requirement, RequirementEventKind.UPDATED, user=user,
                 data={key: str(getattr(value, "pk", value)) for key, value in fields.items()})
    return requirement


@transaction.atomic
def requirement_delete(*, user, requirement: RemediationRequirement):
    require_change(user, requirement, model_perm(RemediationRequirement, "delete"))
    if Conclusion.objects.filter(pk=requirement.conclusion_id, status=ConclusionStatus.ISSUED).exists():
        raise frozen_error()
    requirement.events.all().delete()
    requirement.findings.clear()
    protected_delete(requirement)


def check_can_submit_report(user, requirement):
    """Who may report, and when: the responsible organization's scope, a notice in force, not yet verified."""
    require_organization(user, requirement.responsible_organization, "requirement")
    _require_running(requirement)
    if requirement.status == R.VERIFIED:
        raise ApplicationError(_("Yêu cầu đã được Ban xác nhận hoàn thành; không nhận thêm báo cáo."),
                               code="invalid_transition", status=409)


def check_can_request_extension(user, requirement, requested_deadline):
    require_organization(user, requirement.responsible_organization, "requirement")
    _require_running(requirement)
    if requirement.status == R.VERIFIED:
        raise ApplicationError(_("Yêu cầu đã hoàn thành, không cần gia hạn."), code="invalid_transition",
                               status=409)
    if requirement.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ApplicationError(_("Đã có một đề nghị gia hạn đang chờ Ban xem xét."), code="duplicate", status=409)
    if requested_deadline <= requirement.deadline:
        raise ApplicationError(
            _("Thời hạn đề nghị phải sau thời hạn hiện hành (%(day)s).") % {
                "day": requirement.deadline.strftime("%d/%m/%Y")},
            fields={"requested_deadline": [_("Phải sau thời hạn hiện hành.")]})


def _upload_hashes(files):
    try:
        return sorted(validate_upload(upload).sha256 for upload in files)
    except ValidationError:
        return None  # not a duplicate: saving reports what is wrong with the file


def check_not_sent_twice(user, requirement, *, text, percent, files, at):
    """The same report (same sender, text, percent and files, the same day) is
    kept once: a double click or a retried request answers 409 and adds no row.
    Callers hold the requirement's row lock, so two copies sent at once queue
    here and the second sees the first."""
    earlier = ProgressReport.objects.filter(
        requirement=requirement, submitted_by=stored_user(user), text=text, percent=percent,
        submitted_at__date=timezone.localdate(at),
    ).prefetch_related("attachments")
    if not earlier:
        return
    hashes = _upload_hashes(files)
    for report in earlier:
        if hashes is not None and sorted(a.sha256 for a in report.attachments.all()) == hashes:
            raise ApplicationError(
                _("Báo cáo này đã được gửi lúc %(time)s; lần gửi trùng không được lưu.")
                % {"time": timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y")},
                code="duplicate", status=409,
            )


@transaction.atomic
def progress_report_submit(*, user, requirement: RemediationRequirement, text: str, percent: int, files=(),
                           at=None) -> ProgressReport:
    """A report from the organization responsible for the requirement (in the
    reporter's scope only). 100% means "done, please verify"."""
    requirement = _locked(requirement)  # also makes a report sent twice at once wait for the first
    check_can_submit_report(user, requirement)
    at = at or timezone.now()
    check_not_sent_twice(user, requirement, text=text, percent=percent, files=files, at=at)
    report = ProgressReport(requirement=requirement, submitted_by=stored_user(user), text=text, percent=percent,
                            submitted_at=at)
    validated_save(report)
    for upload in files:
        validated_save(ProgressAttachment(report=report, file=upload, uploaded_by=stored_user(user)))
    _move(requirement, R.REPORTED_DONE if percent >= 100 else R.IN_PROGRESS)
    validated_save(requirement)
    record_event(requirement, RequirementEventKind.PROGRESS_REPORTED, user=user, at=report.submitted_at, text=text,
                 data={"report": report.pk, "percent": percent, "attachments": len(files)})
    refresh_overdue_of(requirement)
    return report


@transaction.atomic
def requirement_verify(*, user, requirement: RemediationRequirement, comment: str = "",
                       at=None) -> RemediationRequirement:
    """The Board confirms the remedy (from «reported done» only)."""
    require_change(user, requirement, VERIFY_PERM)
    requirement = _locked(requirement)
    _require_running(requirement)
    require_step(requirement, "verify")
    _move(requirement, R.VERIFIED)
    requirement.verified_at, requirement.verified_by = at or timezone.now(), user
    validated_save(requirement)
    record_event(requirement, RequirementEventKind.VERIFIED, user=user, at=requirement.verified_at, text=comment)
    refresh_overdue_of(requirement)
    return requirement


@transaction.atomic
def requirement_reopen(*, user, requirement: RemediationRequirement, comment: str,
                       at=None) -> RemediationRequirement:
    """The Board sends the requirement back to the unit, saying why."""
    require_change(user, requirement, VERIFY_PERM)
    requirement = _locked(requirement)
    _require_running(requirement)
    if not (comment or "").strip():
        raise ApplicationError(_("Ghi rõ lý do yêu cầu khắc phục lại."), fields={"comment": [_("Bắt buộc.")]})
    _move(requirement, R.REOPENED)
    requirement.verified_at, requirement.verified_by = None, None
    validated_save(requirement)
    record_event(requirement, RequirementEventKind.REOPENED, user=user, at=at, text=comment)
    refresh_overdue_of(requirement)
    return requirement


@transaction.atomic
def extension_request(*, user, requirement: RemediationRequirement, requested_deadline: datetime.date, reason: str,
                      at=None) -> DeadlineExtension:
    requirement = _locked(requirement)
    check_can_request_extension(user, requirement, requested_deadline)
    extension = validated_save(DeadlineExtension(
        requirement=requirement, requested_by=stored_user(user), requested_deadline=requested_deadline, reason=reason,
        previous_deadline=requirement.deadline, requested_at=at or timezone.now()))
    record_event(requirement, RequirementEventKind.EXTENSION_REQUESTED, user=user, at=extension.requested_at,
                 text=reason, data={"extension": extension.pk, "requested_deadline": requested_deadline.isoformat()})
    return extension


@transaction.atomic
def extension_decide(*, user, extension: DeadlineExtension, approve: bool, note: str = "",
                     at=None) -> DeadlineExtension:
    """Approve (the current deadline moves; the original stays) or reject, with a reason."""
    require_change(user, extension.requirement, DECIDE_PERM)
    list(DeadlineExtension.objects.select_for_update().filter(pk=extension.pk).values_list("pk"))
    extension.refresh_from_db()
    require_step(extension, "approve" if approve else "reject")
    if not approve and not (note or "").strip():
        raise ApplicationError(_("Ghi rõ lý do không chấp thuận."), fields={"note": [_("Bắt buộc.")]})
    requirement = _locked(extension.requirement)
    _require_running(requirement)
    at = at or timezone.now()
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at, extension.decision_note = stored_user(user), at, note
    validated_save(extension)
    data = {"extension": extension.pk, "previous_deadline": requirement.deadline.isoformat()}
    if approve:
        requirement.deadline = extension.requested_deadline
        validated_save(requirement)
        data["deadline"] = requirement.deadline.isoformat()
    kind = RequirementEventKind.EXTENSION_APPROVED if approve else RequirementEventKind.EXTENSION_REJECTED
    record_event(requirement, kind, user=user, at=at, text=note, data=data)
    refresh_overdue_of(requirement)
    return extension



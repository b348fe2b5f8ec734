"""The inspection and its one status field. Every transition is a service
with its preconditions (QĐ 331-QĐ/TW), logged with who, when and why; the
API, the admin and the HTML pages all call these."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.services import (
    model_perm,
    protected_delete,
    require_change,
    require_organization,
    require_read_scope,
    set_fields,
    stored_user,
    validated_save,
)
from core.workflow import invalid_transition_error, precondition_failed
from organizations.models import Organization

from ..choices import ConclusionStatus, InspectionStatus, RequirementStatus, TeamRole
from ..models import (
    Document,
    Inspection,
    InspectionTarget,
    InspectionTransition,
    ProgramItem,
    RemediationRequirement,
    SelfInspectionReport,
    TeamMember,
)

S = InspectionStatus
TRANSITIONS = {
    S.DRAFT: {S.DECIDED, S.CANCELLED},
    S.DECIDED: {S.IN_PROGRESS, S.CANCELLED},
    S.IN_PROGRESS: {S.REPORTING, S.CANCELLED},
    S.REPORTING: {S.CONCLUDED, S.CANCELLED},
    S.CONCLUDED: {S.FOLLOWING_UP, S.CLOSED},
    S.FOLLOWING_UP: {S.CLOSED},
    S.CLOSED: set(),
    S.CANCELLED: set(),
}
EDITABLE_STATUSES = (S.DRAFT, S.DECIDED, S.IN_PROGRESS, S.REPORTING)
SELF_REPORT_STATUSES = (S.IN_PROGRESS, S.REPORTING)
INSPECTION_FIELDS = ("code", "title", "year", "program_item", "authority", "conducted_by", "form",
                     "decision_document", "plan_document", "period_start", "period_end", "planned_start",
                     "planned_end", "notes")
CHANGE_PERM = "inspection.change_inspection"


def _label(status):
    return str(S(status).label)


# --- records -------------------------------------------------------------------
def _set_targets(user, inspection, targets):
    if not targets:
        raise ApplicationError(_("Chọn ít nhất một tổ chức được kiểm tra."),
                               fields={"targets": [_("Bắt buộc.")]})
    for organization in targets:
        require_organization(user, organization, "targets")
    wanted = {organization.pk for organization in targets}
    inspection.targets.exclude(organization_id__in=wanted).delete()
    existing = set(inspection.targets.values_list("organization_id", flat=True))
    for organization in targets:
        if organization.pk not in existing:
            validated_save(InspectionTarget(inspection=inspection, organization=organization))


def _set_team(inspection, team):
    if sum(1 for member in team if member.get("role") == TeamRole.HEAD) > 1:
        raise ApplicationError(_("Đoàn kiểm tra chỉ có một trưởng đoàn."), fields={"team": [_("Chỉ một trưởng đoàn.")]})
    inspection.team.all().delete()
    for member in team:
        validated_save(TeamMember(inspection=inspection, **member))


@transaction.atomic
def inspection_create(
    *, user, code: str, title: str, authority: Organization, conducted_by: Organization, targets, topics,
    year: int | None = None, team=(), program_item: ProgramItem | None = None, form: str = "",
    decision_document: Document | None = None, plan_document: Document | None = None,
    period_start: datetime.date | None = None, period_end: datetime.date | None = None,
    planned_start: datetime.date | None = None, planned_end: datetime.date | None = None, notes: str = "",
) -> Inspection:
    """A new inspection in draft. `team` is a list of dicts (role, user, full_name, position)."""
    if not topics:
        raise ApplicationError(_("Chọn ít nhất một nội dung kiểm tra."), fields={"topics": [_("Bắt buộc.")]})
    year = year or (planned_start.year if planned_start else timezone.localdate().year)
    inspection = Inspection(
        code=code, title=title, year=year, authority=authority, conducted_by=conducted_by,
        program_item=program_item, decision_document=decision_document, plan_document=plan_document,
        period_start=period_start, period_end=period_end, planned_start=planned_start, planned_end=planned_end,
        notes=notes,
    )
    if form:
        inspection.form = form
    validated_save(inspection)
    _set_targets(user, inspection, list(targets))
    inspection.topics.set(topics)
    _set_team(inspection, list(team))
    return inspection


@transaction.atomic
def inspection_update(*, user, inspection: Inspection, targets=None, topics=None, team=None, **fields) -> Inspection:
    """Edit an inspection that is not concluded yet. Targets and topics are
    fixed by the decision: they change only in draft."""
    require_change(user, inspection)
    if inspection.status not in EDITABLE_STATUSES:
        raise ApplicationError(
            _("Cuộc kiểm tra đang ở trạng thái «%(status)s» nên không sửa được.") % {
                "status": _label(inspection.status)},
            code="inspection_locked", status=409,
        )
    if inspection.status != S.DRAFT and (targets is not None or topics is not None):
        raise ApplicationError(
            _("Tổ chức được kiểm tra và nội dung kiểm tra đã được quyết định; chỉ sửa được khi còn dự thảo."),
            code="inspection_locked", status=409,
        )
    set_fields(inspection, fields, INSPECTION_FIELDS)
    validated_save(inspection)
    if targets is not None:
        _set_targets(user, inspection, list(targets))
    if topics is not None:
        if not topics:
            raise ApplicationError(_("Chọn ít nhất một nội dung kiểm tra."), fields={"topics": [_("Bắt buộc.")]})
        inspection.topics.set(topics)
    if team is not None:
        _set_team(inspection, list(team))
    return inspection


@transaction.atomic
def inspection_delete(*, user, inspection: Inspection):
    require_change(user, inspection, model_perm(Inspection, "delete"))
    if inspection.status != S.DRAFT:
        raise ApplicationError(_("Chỉ xóa được cuộc kiểm tra còn dự thảo; hãy dùng thao tác hủy."),
                               code="inspection_locked", status=409)
    inspection.team.all().delete()
    inspection.targets.all().delete()
    protected_delete(inspection)


@transaction.atomic
def self_report_receive(*, user, inspection: Inspection, organization: Organization, received_on: datetime.date,
                        file=None, note: str = "") -> SelfInspectionReport:
    """Record the self-inspection report (báo cáo tự kiểm tra) of one inspected organization:
    its own part of the inspection, written by whoever answers for that organization."""
    require_read_scope(user, inspection)
    require_organization(user, organization)
    if inspection.status not in SELF_REPORT_STATUSES:
        raise ApplicationError(
            _("Chỉ nhận báo cáo tự kiểm tra sau khi đã công bố quyết định kiểm tra (đang ở trạng thái «%(status)s»).")
            % {"status": _label(inspection.status)},
            code="invalid_transition", status=409,
        )
    report = SelfInspectionReport(inspection=inspection, organization=organization, received_on=received_on,
                                  note=note, uploaded_by=stored_user(user))
    if file:
        report.file = file
    return validated_save(report)


# --- transitions ---------------------------------------------------------------
def _effective_day(at):
    """The day a step takes effect: the day of `at` when the user gave one, else today."""
    return timezone.localtime(at).date() if at else timezone.localdate()


def _locked(inspection):
    """Lock the row, then bring the caller's instance up to date (it stays the one the caller holds)."""
    list(Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk"))
    inspection.refresh_from_db()
    return inspection


def _transition(inspection, to_status, *, user, note="", at=None, problems=None, **changes):
    """Check the table and the preconditions, move, and log who, when and why."""
    allowed = TRANSITIONS[inspection.status]
    if to_status not in allowed:
        raise invalid_transition_error(inspection.code, _label(inspection.status), _label(to_status),
                                       [_label(s) for s in sorted(allowed)])
    missing = problems() if problems else []
    if missing:
        raise precondition_failed(_label(to_status), missing)
    previous = inspection.status
    inspection.status = to_status
    for key, value in changes.items():
        setattr(inspection, key, value)
    inspection.save(update_fields=["status", *changes])
    InspectionTransition.objects.create(inspection=inspection, from_status=previous, to_status=to_status,
                                        by=stored_user(user), at=at or timezone.now(), note=note)
    return inspection


def _targets_missing(inspection, related):
    """Names of the targets with no row in `related` (a queryset of rows with an organization)."""
    covered = set(related.values_list("organization_id", flat=True))
    return [str(t.organization) for t in inspection.targets.select_related("organization")
            if t.organization_id not in covered]


def decide_problems(inspection):
    problems = []
    if not inspection.decision_document_id:
        problems.append(_("Chưa có quyết định thành lập đoàn kiểm tra."))
    if not inspection.plan_document_id:
        problems.append(_("Chưa có kế hoạch kiểm tra."))
    if not inspection.team.filter(role=TeamRole.HEAD).exists():
        problems.append(_("Đoàn kiểm tra chưa có trưởng đoàn."))
    if not (inspection.planned_start and inspection.planned_end):
        problems.append(_("Chưa có thời gian kiểm tra dự kiến."))
    if not (inspection.period_start and inspection.period_end):
        problems.append(_("Chưa xác định thời kỳ kiểm tra."))
    if not inspection.targets.exists():
        problems.append(_("Chưa có tổ chức được kiểm tra."))
    return problems


def _original_conclusion(inspection):
    return inspection.conclusions.filter(corrects__isnull=True).first()


def findings_problems(inspection):
    """At least one finding per inspected organization."""
    missing = _targets_missing(inspection, inspection.findings.all())
    return [_("Chưa có kết quả kiểm tra đối với: %(names)s.") % {"names": ", ".join(missing)}] if missing else []


def conclude_problems(inspection):
    problems = findings_problems(inspection)
    conclusion = _original_conclusion(inspection)
    if conclusion is None or conclusion.status != ConclusionStatus.ISSUED:
        problems.append(_("Chưa ban hành thông báo kết luận."))
    return problems


def _open_requirements(inspection):
    return RemediationRequirement.objects.filter(
        conclusion__inspection=inspection, conclusion__status=ConclusionStatus.ISSUED
    ).exclude(status=RequirementStatus.VERIFIED)


def report_problems(inspection):
    """Every inspected organization has sent its self-inspection report."""
    missing = _targets_missing(inspection, inspection.self_reports.all())
    return [_("Chưa nhận báo cáo tự kiểm tra của: %(names)s.") % {"names": ", ".join(missing)}] if missing else []


def follow_up_problems(inspection):
    if not RemediationRequirement.objects.filter(conclusion__inspection=inspection,
                                                 conclusion__status=ConclusionStatus.ISSUED).exists():
        return [_("Thông báo kết luận không có yêu cầu khắc phục nào; có thể kết thúc cuộc kiểm tra.")]
    return []


def close_problems(inspection):
    remaining = _open_requirements(inspection).count()
    if remaining:
        return [_("Còn %(n)s yêu cầu khắc phục chưa được Ban xác nhận hoàn thành.") % {"n": remaining}]
    return []


@transaction.atomic
def inspection_decide(*, user, inspection: Inspection, note: str = "", at=None) -> Inspection:
    """Dự thảo → đã quyết định: the decision setting up the team and the plan are issued."""
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)
    return _transition(inspection, S.DECIDED, user=user, note=note, at=at,
                       problems=lambda: decide_problems(inspection))


@transaction.atomic
def inspection_start(*, user, inspection: Inspection, actual_start: datetime.date | None = None, note: str = "",
                     at=None) -> Inspection:
    """Announce the decision to the inspected bodies: the work starts."""
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)
    return _transition(inspection, S.IN_PROGRESS, user=user, note=note, at=at,
                       actual_start=actual_start or _effective_day(at))


@transaction.atomic
def inspection_report(*, user, inspection: Inspection, note: str = "", at=None) -> Inspection:
    """The team drafts and discusses its results report; every inspected
    organization must have sent its self-inspection report."""
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)
    return _transition(inspection, S.REPORTING, user=user, note=note, at=at,
                       problems=lambda: report_problems(inspection))


@transaction.atomic
def inspection_conclude(*, user, inspection: Inspection, actual_end: datetime.date | None = None, note: str = "",
                        at=None) -> Inspection:
    """The conclusion notice is out: at least one finding per inspected organization is required."""
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)
    return _transition(inspection, S.CONCLUDED, user=user, note=note, at=at,
                       problems=lambda: conclude_problems(inspection),
                       actual_end=actual_end or _effective_day(at))


@transaction.atomic
def inspection_follow_up(*, user, inspection: Inspection, note: str = "", at=None) -> Inspection:
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)
    return _transition(inspection, S.FOLLOWING_UP, user=user, note=note, at=at,
                       problems=lambda: follow_up_problems(inspection))


@transaction.atomic
def inspection_close(*, user, inspection: Inspection, note: str = "", at=None) -> Inspection:
    """Archive the inspection once every requirement is verified."""
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)
    return _transition(inspection, S.CLOSED, user=user, note=note, at=at, problems=lambda: close_problems(inspection))


@transaction.atomic
def inspection_cancel(*, user, inspection: Inspection, note: str, at=None) -> Inspection:
    require_change(user, inspection, CHANGE_PERM)
    inspection = _locked(inspection)

    def problems():
        return [] if (note or "").strip() else [_("Ghi rõ lý do hủy cuộc kiểm tra.")]

    return _transition(inspection, S.CANCELLED, user=user, note=note, at=at, problems=problems)


# One entry per workflow step: the API actions and the admin form use this table.
INSPECTION_STEPS = {
    S.DECIDED: inspection_decide,
    S.IN_PROGRESS: inspection_start,
    S.REPORTING: inspection_report,
    S.CONCLUDED: inspection_conclude,
    S.FOLLOWING_UP: inspection_follow_up,
    S.CLOSED: inspection_close,
    S.CANCELLED: inspection_cancel,
}

"""Conclusion notices: drafted, issued once, then frozen; corrected by a new linked notice."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.services import (
    model_perm,
    protected_delete,
    require_change,
    set_fields,
    stored_user,
    validated_save,
)
from core.workflow import precondition_failed

from ..choices import ConclusionStatus, InspectionStatus, RequirementEventKind
from ..models import Conclusion, ConclusionSection, Document, Inspection
from ..models.remediation import SIGNER_FIELDS, frozen_error
from .inspections import findings_problems, inspection_conclude
from .remediation import record_event, refresh_overdue_of

DRAFTING_STATUSES = (InspectionStatus.IN_PROGRESS, InspectionStatus.REPORTING)
CORRECTABLE_STATUSES = (InspectionStatus.CONCLUDED, InspectionStatus.FOLLOWING_UP, InspectionStatus.CLOSED)
ISSUE_PERM = "inspection.change_conclusion"


def _require_draft(conclusion):
    if Conclusion.objects.filter(pk=conclusion.pk, status=ConclusionStatus.ISSUED).exists():
        raise frozen_error()


def _set_sections(conclusion, sections):
    conclusion.sections.all().delete()
    for section in sections:
        validated_save(ConclusionSection(conclusion=conclusion, **section))


def _set_signer(conclusion, **given):
    for field, value in given.items():
        if value is not None:
            setattr(conclusion, field, value.strip())
    document = conclusion.document
    if not conclusion.signer_name and document.signer_name:
        conclusion.signer_name = document.signer_name
    if not conclusion.signer_on_behalf and document.signer_title:
        conclusion.signer_on_behalf = document.signer_title


@transaction.atomic
def conclusion_create(*, user, inspection: Inspection, summary: str, document: Document | None = None,
                      sections=()) -> Conclusion:
    """Draft the conclusion notice of an inspection. `sections`: dicts (organization, text)."""
    require_change(user, inspection, model_perm(Conclusion, "add"))
    if inspection.status not in DRAFTING_STATUSES:
        raise ApplicationError(
            _("Chỉ dự thảo thông báo kết luận khi cuộc kiểm tra đang tiến hành hoặc đang báo cáo kết quả; "
              "để sửa thông báo đã ban hành hãy lập thông báo đính chính."),
            code="invalid_transition", status=409,
        )
    if inspection.conclusions.filter(corrects__isnull=True).exists():
        raise ApplicationError(_("Cuộc kiểm tra này đã có thông báo kết luận."), code="duplicate", status=409)
    conclusion = validated_save(Conclusion(inspection=inspection, summary=summary, document=document))
    _set_sections(conclusion, list(sections))
    return conclusion


@transaction.atomic
def conclusion_update(*, user, conclusion: Conclusion, sections=None, **fields) -> Conclusion:
    require_change(user, conclusion)
    _require_draft(conclusion)
    set_fields(conclusion, fields, ("summary", "document", *SIGNER_FIELDS))
    validated_save(conclusion)
    if sections is not None:
        _set_sections(conclusion, list(sections))
    return conclusion


@transaction.atomic
def conclusion_delete(*, user, conclusion: Conclusion):
    require_change(user, conclusion, model_perm(Conclusion, "delete"))
    _require_draft(conclusion)
    if conclusion.requirements.exists():
        raise ApplicationError(_("Hãy xóa các yêu cầu khắc phục của dự thảo trước."), code="protected",
                               status=409)
    conclusion.sections.all().delete()
    protected_delete(conclusion)


@transaction.atomic
def conclusion_issue(*, user, conclusion: Conclusion, at=None, signer_on_behalf: str | None = None,
                     signer_position: str | None = None, signer_name: str | None = None) -> Conclusion:
    """Issue the notice: from now on it is frozen. Issuing the original notice
    concludes the inspection; its requirements start running. The signer
    (T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ THƯỜNG TRỰC / name) is chosen here; what is
    not given keeps the draft's value, else the notice document's signer."""
    require_change(user, conclusion, ISSUE_PERM)
    list(Conclusion.objects.select_for_update().filter(pk=conclusion.pk).values_list("pk"))
    conclusion.refresh_from_db()
    _require_draft(conclusion)
    inspection = conclusion.inspection
    problems = issue_problems(conclusion)
    if problems:
        raise precondition_failed(ConclusionStatus.ISSUED.label, problems)
    _set_signer(conclusion, signer_on_behalf=signer_on_behalf, signer_position=signer_position,
                signer_name=signer_name)
    at = at or timezone.now()
    conclusion.status, conclusion.issued_at, conclusion.issued_by = ConclusionStatus.ISSUED, at, stored_user(user)
    validated_save(conclusion)
    for requirement in conclusion.requirements.all():
        record_event(requirement, RequirementEventKind.ISSUED, user=user, at=at,
                     text=str(conclusion.document), data={"conclusion": conclusion.pk})
        refresh_overdue_of(requirement)
    if conclusion.corrects_id is None:
        inspection_conclude(user=user, inspection=inspection, actual_end=timezone.localdate(at), at=at,
                            note=_("Ban hành %(doc)s") % {"doc": conclusion.document})
    return conclusion


def issue_problems(conclusion):
    """What keeps a draft notice from being issued ([] when nothing)."""
    inspection = conclusion.inspection
    problems = []
    if not conclusion.document_id:
        problems.append(_("Chưa gắn văn bản thông báo kết luận (số, ngày ban hành)."))
    if conclusion.corrects_id is None:
        if inspection.status != InspectionStatus.REPORTING:
            problems.append(_("Cuộc kiểm tra phải đang ở bước báo cáo kết quả."))
        problems.extend(findings_problems(inspection))
    elif conclusion.corrects.status != ConclusionStatus.ISSUED or inspection.status not in CORRECTABLE_STATUSES:
        problems.append(_("Chỉ đính chính một thông báo đã ban hành của cuộc kiểm tra đã kết luận."))
    return problems


@transaction.atomic
def conclusion_correct(*, user, conclusion: Conclusion, summary: str = "", document: Document | None = None
                       ) -> Conclusion:
    """Start a correcting notice (thông báo đính chính): a new draft linked to the
    issued one, with its sections copied for editing. The original stays as it was."""
    require_change(user, conclusion, model_perm(Conclusion, "add"))
    if conclusion.status != ConclusionStatus.ISSUED:
        raise ApplicationError(_("Dự thảo chưa ban hành thì sửa trực tiếp, không cần đính chính."),
                               code="invalid_transition", status=409)
    correction = validated_save(Conclusion(inspection=conclusion.inspection, corrects=conclusion,
                                           summary=summary or conclusion.summary, document=document))
    _set_sections(correction, [{"organization": s.organization, "text": s.text} for s in conclusion.sections.all()])
    return correction

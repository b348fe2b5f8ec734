"""The one place where the inspection pages call the services.

Pages never save models: each action here calls the service the API and the
admin call, with the signed-in user as the actor. The workspace's step buttons
come from the inspection's transition table (core.workflow); STEP_BUTTONS only
names them as staff say it."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core import workflow

from . import services
from .choices import InspectionStatus

S = InspectionStatus


# --- remediation (unit reporters) -------------------------------------------------------
def submit_progress(*, actor, requirement, text, percent, files):
    return services.progress_report_submit(user=actor, requirement=requirement, text=text, percent=percent,
                                           files=list(files))


def request_extension(*, actor, requirement, requested_deadline, reason):
    return services.extension_request(user=actor, requirement=requirement, requested_deadline=requested_deadline,
                                      reason=reason)


# --- the Board's decisions on remedies (core.workflow steps, effective on a given day) ---------------
DECISION_BUTTONS = {
    # step name -> (button label, what the page says once done, danger)
    "verify": (_("Xác nhận hoàn thành"), _("Đã xác nhận hoàn thành yêu cầu khắc phục."), False),
    "reopen": (_("Yêu cầu khắc phục lại"), _("Đã yêu cầu đơn vị khắc phục lại."), True),
    "approve": (_("Chấp thuận gia hạn"), _("Đã chấp thuận gia hạn; thời hạn mới đã được ghi."), False),
    "reject": (_("Không chấp thuận"), _("Đã không chấp thuận đề nghị gia hạn."), True),
}


def decisions_for(obj, actor):
    """[{"name", "label", "danger", "problems"}]: the decisions the object's transition table offers now
    to someone who may take them (a unit reporter sees none)."""
    table = workflow.workflow_for(obj)
    if not table.offered(table.status_of(obj)):
        return []  # decided already: nothing to ask the scope about
    return [{"name": step.name, "label": DECISION_BUTTONS[step.name][0], "danger": DECISION_BUTTONS[step.name][2],
             "problems": step.problems}
            for step in workflow.allowed_steps(obj, actor)
            if step.name in DECISION_BUTTONS and actor.has_perm(table.step(step.name).perm)]


def decide(*, actor, obj, step, on=None, comment=""):
    """Verify or reopen a requirement (`comment`), approve or refuse an extension (`note`)."""
    text = {"note": comment} if step in ("approve", "reject") else {"comment": comment}
    return workflow.transition(obj, step, user=actor, on=on, **text)


# --- inspection steps ---------------------------------------------------------------
@dataclass(frozen=True)
class StepButton:
    to_status: str
    label: str  # named after the step, as staff say it
    done: str  # what the page says once it is done
    date_field: str | None = None  # the service's effective-date keyword, when it takes one
    needs_note: bool = False
    danger: bool = False


STEP_BUTTONS = {
    S.DECIDED: StepButton(S.DECIDED, _("Quyết định kiểm tra"), _("Đã quyết định kiểm tra.")),
    S.IN_PROGRESS: StepButton(S.IN_PROGRESS, _("Bắt đầu"), _("Đã công bố quyết định, bắt đầu kiểm tra."),
                              date_field="actual_start"),
    S.REPORTING: StepButton(S.REPORTING, _("Báo cáo kết quả"), _("Đã chuyển sang báo cáo kết quả kiểm tra.")),
    S.CONCLUDED: StepButton(S.CONCLUDED, _("Kết luận"), _("Đã kết luận cuộc kiểm tra."), date_field="actual_end"),
    S.FOLLOWING_UP: StepButton(S.FOLLOWING_UP, _("Theo dõi khắc phục"), _("Đã chuyển sang theo dõi khắc phục.")),
    S.CLOSED: StepButton(S.CLOSED, _("Kết thúc"), _("Đã kết thúc cuộc kiểm tra.")),
    S.CANCELLED: StepButton(S.CANCELLED, _("Hủy cuộc kiểm tra"), _("Đã hủy cuộc kiểm tra."), needs_note=True,
                            danger=True),
}


def steps_for(inspection, actor):
    """[{"button", "problems"}]: the steps the inspection's transition table
    (core.workflow) offers now, each with what blocks it, listed before anyone
    presses a button (the service still checks everything)."""
    if not actor.has_perm("inspection.change_inspection"):
        return []
    return [{"button": STEP_BUTTONS[step.target], "problems": step.problems}
            for step in workflow.allowed_steps(inspection, actor) if step.target in STEP_BUTTONS]


def run_step(*, actor, inspection, to_status, on=None, note=""):
    button = STEP_BUTTONS[to_status]
    step = next(step for step in workflow.workflow_for(inspection).steps if step.target == to_status)
    dates = {button.date_field: on} if button.date_field and on else {}
    return workflow.transition(inspection, step.name, user=actor, on=on, note=note, **dates)


# --- findings, conclusions, inspections -----------------------------------------------
def create_finding(*, actor, inspection, **fields):
    return services.finding_create(user=actor, inspection=inspection, **fields)


def import_findings(*, actor, inspection, rows):
    return services.findings_import(user=actor, inspection=inspection, rows=rows)


def update_finding(*, actor, finding, **fields):
    return services.finding_update(user=actor, finding=finding, **fields)


def add_evidence(*, actor, finding, record_type, record_id, note=""):
    return services.finding_add_evidence(user=actor, finding=finding, record_type=record_type, record_id=record_id,
                                         note=note)


def create_inspection(*, actor, **fields):
    return services.inspection_create(user=actor, **fields)


def update_inspection(*, actor, inspection, **fields):
    return services.inspection_update(user=actor, inspection=inspection, **fields)


def inspection_editable(inspection):
    """Whether the inspection's state still lets it be edited (the service decides; this hides the link)."""
    from .services.inspections import EDITABLE_STATUSES

    return inspection.status in EDITABLE_STATUSES


def create_document(*, actor, **fields):
    return services.document_create(user=actor, **fields)


def receive_self_report(*, actor, inspection, organization, received_on, file=None, note=""):
    return services.self_report_receive(user=actor, inspection=inspection, organization=organization,
                                        received_on=received_on, file=file, note=note)


def next_number(*, doc_type, issuer, issued_on):
    """The next free number proposed for a new document of `issuer` (None when no term covers the day)."""
    from organizations.models import Term

    from .documents import document_next_number

    term = Term.objects.for_date(issued_on)
    if term is None:
        return None
    return document_next_number(issuer_code=issuer.issuer_code, doc_type=doc_type, term=term, issuer=issuer)


def _document(actor, *, doc_type, issuer, number, issued_on, subject):
    return services.document_create(user=actor, doc_type=doc_type, issuer=issuer, issuer_code=issuer.issuer_code,
                                    number=number, issued_on=issued_on, subject=subject)


def create_inspection_with_documents(*, actor, decision, plan, **fields):
    """The wizard: the decision and the plan documents and the inspection, all or nothing.
    `decision` and `plan`: dicts (number, issued_on) or None."""
    from django.db import transaction

    from .choices import DocumentType

    with transaction.atomic():
        issuer = fields["conducted_by"]
        if decision:
            fields["decision_document"] = _document(
                actor, doc_type=DocumentType.QD, issuer=issuer, number=decision["number"],
                issued_on=decision["issued_on"], subject=f"Quyết định thành lập đoàn kiểm tra {fields['title']}")
        if plan:
            fields["plan_document"] = _document(
                actor, doc_type=DocumentType.KH, issuer=issuer, number=plan["number"], issued_on=plan["issued_on"],
                subject=f"Kế hoạch kiểm tra {fields['title']}")
        return services.inspection_create(user=actor, **fields)


def draft_conclusion(*, actor, inspection, summary, sections, number, issued_on, issuer):
    """The conclusion notice's draft with its document (number proposed, date), all or nothing."""
    from django.db import transaction

    from .choices import DocumentType

    with transaction.atomic():
        document = _document(actor, doc_type=DocumentType.TB, issuer=issuer, number=number, issued_on=issued_on,
                             subject=f"Thông báo kết luận kiểm tra {inspection.title}")
        return services.conclusion_create(user=actor, inspection=inspection, summary=summary, document=document,
                                          sections=sections)


def add_requirement(*, actor, conclusion, **fields):
    return services.requirement_create(user=actor, conclusion=conclusion, **fields)


def issue_conclusion(*, actor, conclusion, **signer):
    return services.conclusion_issue(user=actor, conclusion=conclusion, **signer)

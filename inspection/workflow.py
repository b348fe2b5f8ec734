"""The transition tables of the inspection app (core.workflow): the API
actions, page buttons and admin steps are generated from these."""
from functools import partial

from django.db.models import Max
from django.utils import timezone

from core.workflow import Step, Workflow, register

from . import services
from .choices import ConclusionStatus, ExtensionStatus, InspectionStatus, RequirementEventKind, RequirementStatus
from .models import Conclusion, DeadlineExtension, Inspection, RemediationRequirement
from .services.conclusions import ISSUE_PERM, issue_problems
from .services.inspections import (
    CHANGE_PERM,
    TRANSITIONS,
    close_problems,
    conclude_problems,
    decide_problems,
    follow_up_problems,
    report_problems,
)
from .services.remediation import DECIDE_PERM, REQUIREMENT_TRANSITIONS, VERIFY_PERM

S, R, E = InspectionStatus, RequirementStatus, ExtensionStatus


def _into(table, target):
    """The statuses from which `table` allows `target`, in a stable order."""
    return tuple(sorted(source for source, targets in table.items() if target in targets))


def _inspection_step(name, target, service, problems=None):
    return Step(name, target.label, target, _into(TRANSITIONS, target), service, CHANGE_PERM, problems=problems)


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def _last_inspection_step(inspection):
    return _day(inspection.transitions.aggregate(last=Max("at"))["last"])


def _last_requirement_event(requirement):
    """Its latest dated event (issue, report, decision; not the drafting of its text):
    a verification or a reopening comes after it."""
    dated = requirement.events.exclude(kind__in=(RequirementEventKind.CREATED, RequirementEventKind.UPDATED))
    return _day(dated.aggregate(last=Max("at"))["last"])


def _extension_requested(extension):
    return _day(extension.requested_at)


INSPECTION = register(Workflow(Inspection, "inspection", (
    _inspection_step("decide", S.DECIDED, services.inspection_decide, decide_problems),
    _inspection_step("start", S.IN_PROGRESS, services.inspection_start),
    _inspection_step("report", S.REPORTING, services.inspection_report, report_problems),
    _inspection_step("conclude", S.CONCLUDED, services.inspection_conclude, conclude_problems),
    _inspection_step("follow_up", S.FOLLOWING_UP, services.inspection_follow_up, follow_up_problems),
    _inspection_step("close", S.CLOSED, services.inspection_close, close_problems),
    _inspection_step("cancel", S.CANCELLED, services.inspection_cancel),
), last_effective=_last_inspection_step))

CONCLUSION = register(Workflow(Conclusion, "conclusion", (
    Step("issue", ConclusionStatus.ISSUED.label, ConclusionStatus.ISSUED, (ConclusionStatus.DRAFT,),
         services.conclusion_issue, ISSUE_PERM, problems=issue_problems),
)))

REQUIREMENT = register(Workflow(RemediationRequirement, "requirement", (
    Step("verify", R.VERIFIED.label, R.VERIFIED, (R.REPORTED_DONE,), services.requirement_verify, VERIFY_PERM),
    Step("reopen", R.REOPENED.label, R.REOPENED, _into(REQUIREMENT_TRANSITIONS, R.REOPENED),
         services.requirement_reopen, VERIFY_PERM),
), last_effective=_last_requirement_event))

EXTENSION = register(Workflow(DeadlineExtension, "extension", (
    Step("approve", E.APPROVED.label, E.APPROVED, (E.PENDING,), partial(services.extension_decide, approve=True),
         DECIDE_PERM),
    Step("reject", E.REJECTED.label, E.REJECTED, (E.PENDING,), partial(services.extension_decide, approve=False),
         DECIDE_PERM),
), last_effective=_extension_requested))

"""Remediation requirements as they stood on a given day.

A report over a past period must say what was true then, not what is true
when it is generated: a 2019 follow-up regenerated in 2026 gives the same
figures. The requirement's timeline (RequirementEvent, written by every
inspection service) is the full story, so the state on a day is a fold over
the events up to that day. For today the fold agrees with the stored status,
deadline and overdue flag (tested), which is what lists filter on.

Rows are streamed: one query for the requirements and one per chunk for their
events (prefetch with `iterator(chunk_size=...)`), whatever the number of rows."""
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from inspection.choices import REQUIREMENT_PENDING, ConclusionStatus, RequirementEventKind, RequirementStatus
from inspection.models import RemediationRequirement, RequirementEvent

CHUNK = 500
E = RequirementEventKind
R = RequirementStatus
TIMELINE_KINDS = (E.ISSUED, E.PROGRESS_REPORTED, E.EXTENSION_APPROVED, E.VERIFIED, E.REOPENED)
# Columns of the status counts, in the order the reports show them.
STATUS_ORDER = (R.VERIFIED, R.REPORTED_DONE, R.IN_PROGRESS, R.OPEN, R.REOPENED)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, local time (events before it happened before that day)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_end(day: datetime.date) -> datetime.datetime:
    return day_start(day + datetime.timedelta(days=1))


def report_as_of(report) -> datetime.date:
    """The day a report describes: the end of its period, or the day it was
    requested when the period runs on (this year's summary asked in December)."""
    return min(report.period_end, timezone.localdate(report.created_at))


@dataclass
class RequirementState:
    requirement: RemediationRequirement
    status: str
    deadline: datetime.date
    as_of: datetime.date
    percent: int | None = None
    reported_at: datetime.datetime | None = None
    report_text: str = ""
    verified_at: datetime.datetime | None = None
    verified_before_period: bool = False  # verified before the period began and untouched in it

    @property
    def is_pending(self):
        return self.status in REQUIREMENT_PENDING

    @property
    def is_overdue(self):
        return self.is_pending and self.deadline < self.as_of

    @property
    def days_overdue(self):
        return (self.as_of - self.deadline).days if self.is_overdue else 0

    @property
    def days_left(self):
        return (self.deadline - self.as_of).days

    @property
    def status_label(self):
        return str(R(self.status).label)


def state_on(requirement, events, as_of: datetime.date, period_start: datetime.date | None = None):
    """Fold the requirement's events (ordered, none after `as_of`) into its state on that day."""
    state = RequirementState(requirement=requirement, status=R.OPEN, deadline=requirement.original_deadline,
                             as_of=as_of)
    period_begins = day_start(period_start) if period_start else None
    status_at_start, moved_in_period = None, False
    for event in events:
        if period_begins is not None and event.at >= period_begins:
            status_at_start = state.status if status_at_start is None else status_at_start
            moved_in_period = True
        if event.kind == E.PROGRESS_REPORTED:
            state.percent = int(event.data.get("percent", 0))
            state.status = R.REPORTED_DONE if state.percent >= 100 else R.IN_PROGRESS
            state.reported_at, state.report_text = event.at, event.text
        elif event.kind == E.EXTENSION_APPROVED and event.data.get("deadline"):
            state.deadline = datetime.date.fromisoformat(event.data["deadline"])
        elif event.kind == E.VERIFIED:
            state.status, state.verified_at = R.VERIFIED, event.at
        elif event.kind == E.REOPENED:
            state.status, state.verified_at = R.REOPENED, None
    if period_begins is not None:
        # Done and verified before the period, and nothing happened to it since: not followed any more.
        state.verified_before_period = not moved_in_period and state.status == R.VERIFIED
    return state


def issued_requirements(scope, as_of: datetime.date):
    """Requirements bound to `scope`'s subtree (inspected or responsible
    organization) whose conclusion notice had been issued by `as_of`."""
    return RemediationRequirement.objects.within(scope).filter(
        conclusion__status=ConclusionStatus.ISSUED, conclusion__issued_at__lt=day_end(as_of))


# The columns the report rows read; a whole city streams ~25,000 requirements with five related
# rows and their events each, and building model instances of every column was most of the time.
ROW_FIELDS = (
    "id", "conclusion_id", "organization_id", "responsible_organization_id", "text", "original_deadline", "deadline",
    "status", "conclusion__id", "conclusion__document_id", "conclusion__inspection_id",
    "conclusion__document__id", "conclusion__document__number", "conclusion__document__doc_type",
    "conclusion__document__issuer_code", "conclusion__document__issued_on",
    "conclusion__inspection__id", "conclusion__inspection__code", "conclusion__inspection__title",
    "organization__id", "organization__name", "organization__path",
    "responsible_organization__id", "responsible_organization__name", "responsible_organization__path",
)
EVENT_FIELDS = ("id", "requirement_id", "kind", "at", "text", "data")


def with_timeline(queryset, as_of: datetime.date):
    events = (RequirementEvent.objects.filter(kind__in=TIMELINE_KINDS, at__lt=day_end(as_of))
              .only(*EVENT_FIELDS).order_by("at", "pk"))
    return queryset.select_related(
        "conclusion__document", "conclusion__inspection", "organization", "responsible_organization",
    ).only(*ROW_FIELDS).prefetch_related(Prefetch("events", queryset=events, to_attr="timeline"))


def requirement_states(queryset, as_of: datetime.date, *, period_start=None, order=("pk",)):
    """Stream the state on `as_of` of each requirement of `queryset`."""
    rows = with_timeline(queryset, as_of).order_by(*order)
    for requirement in rows.iterator(chunk_size=CHUNK):
        yield state_on(requirement, requirement.timeline, as_of, period_start)


def possibly_pending(queryset, as_of: datetime.date):
    """Narrow, in the database, to the requirements that can still have been
    pending on `as_of`: one verified before that day and not reopened since
    (its stored status is still VERIFIED) was not."""
    return queryset.exclude(Q(status=R.VERIFIED) & Q(verified_at__lt=day_end(as_of)))

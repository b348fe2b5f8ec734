"""Requirements as they stood on a past day, rebuilt from their timeline.

Every service that touches a requirement writes a RequirementEvent with the day
it took effect (`at`, chosen by the user), so the state on day D is the last
event of each kind up to the end of D: the requirement exists once its notice
was issued; its status follows the last report, verification or reopening; its
deadline is the last approved extension's, else the original one; it is overdue
when still pending after that deadline. Three correlated subqueries, whatever
the number of rows; the stored `is_overdue` stays the fast path for today.

Inspections likewise: their status on day D is the last step of their transition
log dated by the end of D (`inspections_on`). Findings carry no date of their own
beyond the moment they were recorded: one counts on day D when it was recorded by
then, or when its inspection's findings were closed by then (a step to concluded,
following up, closed or cancelled dated by D: a 2020 inspection keyed in in 2026
has its findings by its 2020 conclusion) (`findings_existing_on`)."""
import datetime

from django.db.models import Case, CharField, DateField, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from .choices import REQUIREMENT_PENDING, InspectionStatus, RequirementEventKind, RequirementStatus
from .models import InspectionTransition, RequirementEvent

K, R = RequirementEventKind, RequirementStatus
STATUS_EVENTS = (K.ISSUED, K.PROGRESS_REPORTED, K.VERIFIED, K.REOPENED)


def end_of(day: datetime.date):
    """The first moment after `day` (local time)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def with_state_on(queryset, day: datetime.date):
    """Requirements issued by the end of `day`, annotated with `status_as_of`,
    `deadline_as_of` (ISO text) and `overdue_as_of` on that day."""
    events = RequirementEvent.objects.filter(requirement=OuterRef("pk"), at__lt=end_of(day)).order_by("-at", "-pk")
    # The status is computed inside one correlated subquery (the last status event with its
    # percent): referenced by `overdue_as_of` and the filters, it is then one probe per row,
    # not one per branch of a CASE over `kind` (bench/results/asof-city.md).
    state = Case(
        When(kind=K.VERIFIED, then=Value(R.VERIFIED)),
        When(kind=K.REOPENED, then=Value(R.REOPENED)),
        When(Q(kind=K.PROGRESS_REPORTED) & Q(percent="100"), then=Value(R.REPORTED_DONE)),
        When(kind=K.PROGRESS_REPORTED, then=Value(R.IN_PROGRESS)),
        default=Value(R.OPEN), output_field=CharField(),
    )
    last = events.filter(kind__in=STATUS_EVENTS).annotate(percent=Cast(KT("data__percent"), CharField()), state=state)
    extended = Subquery(events.filter(kind=K.EXTENSION_APPROVED).values(deadline=KT("data__deadline"))[:1])
    return queryset.filter(Exists(events.filter(kind=K.ISSUED))).annotate(
        status_as_of=Coalesce(Subquery(last.values("state")[:1]), Value(R.OPEN), output_field=CharField()),
        deadline_as_of=Coalesce(extended, Cast("original_deadline", CharField()), output_field=CharField()),
        as_of_day=Value(day, output_field=DateField()),
    ).annotate(
        overdue_as_of=Case(
            When(Q(status_as_of__in=REQUIREMENT_PENDING) & Q(deadline_as_of__lt=day.isoformat()), then=Value(True)),
            default=Value(False),
        ),
    )


def with_percent_on(queryset, day: datetime.date):
    """`percent_as_of`: the percent of the last progress report dated by the end of `day` (None before any)."""
    reports = RequirementEvent.objects.filter(requirement=OuterRef("pk"), at__lt=end_of(day),
                                              kind=K.PROGRESS_REPORTED).order_by("-at", "-pk")
    return queryset.annotate(percent_as_of=Subquery(
        reports.annotate(percent=Cast(KT("data__percent"), IntegerField())).values("percent")[:1]))


def _transitions_by(day: datetime.date):
    return InspectionTransition.objects.filter(inspection=OuterRef("pk"), at__lt=end_of(day))


# Statuses after which an inspection's findings can no longer be written (inspection.models.findings).
FINDINGS_CLOSED = (InspectionStatus.CONCLUDED, InspectionStatus.FOLLOWING_UP, InspectionStatus.CLOSED,
                   InspectionStatus.CANCELLED)


def findings_existing_on(queryset, day: datetime.date):
    """The findings that existed on `day`: recorded by its end, or of an inspection whose
    findings were closed by a step dated by then."""
    closed = InspectionTransition.objects.filter(inspection=OuterRef("inspection"), at__lt=end_of(day),
                                                 to_status__in=FINDINGS_CLOSED)
    return queryset.filter(Q(created_at__lt=end_of(day)) | Exists(closed))


def inspections_existing_on(queryset, day: datetime.date):
    """The inspections that existed on `day`: recorded by then, or with a step
    dated by then (a record keyed in later carries its real dates)."""
    return queryset.filter(Q(created_at__lt=end_of(day)) | Exists(_transitions_by(day)))


def inspections_on(queryset, day: datetime.date):
    """Inspections that existed on `day`, annotated with `status_as_of`: the
    target of their last step dated by the end of that day (draft before any)."""
    last = _transitions_by(day).order_by("-at", "-pk").values("to_status")[:1]
    return inspections_existing_on(queryset, day).annotate(
        status_as_of=Coalesce(Subquery(last), Value(InspectionStatus.DRAFT), output_field=CharField()),
        as_of_day=Value(day, output_field=DateField()))

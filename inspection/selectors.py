"""Reads: scope first (for_user), then the FilterSet, then eager loading and
annotations, so that a list costs the same number of queries for 1 or 1,000 rows."""
import datetime

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone

from core.dates import DATE_INVALID, parse_date
from core.errors import ApplicationError
from core.fast_output import prefetched_lists
from organizations.models import Organization

from .as_of import findings_existing_on
from .choices import FindingKind, InspectionStatus, ProgramItemState
from .filters import (
    ConclusionFilterSet,
    DeadlineExtensionFilterSet,
    DocumentFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    ProgramFilterSet,
    ProgramItemFilterSet,
    ProgressReportFilterSet,
    RequirementFilterSet,
)
from .models import (
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    Document,
    Finding,
    FindingEvidence,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    InspectionTransition,
    ProgramItem,
    ProgressReport,
    RemediationRequirement,
    RequirementEvent,
    SelfInspectionReport,
    Tag,
    Topic,
)

S = InspectionStatus
FINISHED = (S.CONCLUDED, S.FOLLOWING_UP, S.CLOSED)


def _filtered(queryset, filterset_class, data, request):
    if data is None:
        return queryset
    return filterset_class(data, queryset=queryset, request=request).qs


def _as_of(data):
    """The `as_of` date of a request (default today) against which plans are judged:
    dd/mm/yyyy or yyyy-mm-dd; anything else is refused, never read as another day."""
    value = (data or {}).get("as_of")
    if not value:
        return timezone.localdate()
    try:
        return parse_date(value)
    except ValueError:
        raise ApplicationError(DATE_INVALID, code="invalid", fields={"as_of": [DATE_INVALID]}) from None


as_of_from = _as_of


# --- multi-unit records (core.concern) ---------------------------------------------
def co_concerned_organizations(user):
    """The organizations concerned together with `user`'s scope: the targets of the
    inspections and program items the user sees (whose other units' names are hidden)."""
    inspections = Inspection.objects.for_user(user).values("pk")
    items = ProgramItem.objects.for_user(user).values("pk")
    return Organization._base_manager.filter(
        Q(inspection_targets__inspection__in=inspections) | Q(program_items__in=items)).values("pk")


# --- documents -------------------------------------------------------------------
def partial_document_ids(user, cache=None):
    """The ids of the documents `user` sees only in part (a joint notice seen through
    one unit: Document.objects.whole_for_user leaves them out); once per answer in `cache`."""
    cache = cache if isinstance(cache, dict) else {}
    if "_partial_documents" not in cache:
        whole = Document.objects.whole_for_user(user).values("pk")
        cache["_partial_documents"] = set(
            Document.objects.for_user(user).exclude(pk__in=whole).values_list("pk", flat=True))
    return cache["_partial_documents"]


def document_list(*, user, data=None, request=None):
    qs = _filtered(Document.objects.for_user(user), DocumentFilterSet, data, request)
    return qs.select_related("issuer", "term").prefetch_related("files", "bases")


# --- programs --------------------------------------------------------------------
def with_plan_state(queryset, as_of: datetime.date):
    """Annotate each program item with `plan_state` (not started / on schedule /
    late / done) as of a date, `finished_on` and `behind_plan` (late, or done
    after the planned end): "some items ran late against the plan" is a query.
    Everything is judged with what had happened by `as_of` (actual dates)."""
    active = Inspection.objects.filter(program_item=OuterRef("pk")).exclude(status=S.CANCELLED)
    ended = Q(status__in=FINISHED, actual_end__lte=as_of)
    finished_on = active.filter(ended).order_by("-actual_end").values("actual_end")[:1]
    return queryset.annotate(
        has_inspection=Exists(active),
        has_started=Exists(active.filter(actual_start__lte=as_of)),
        has_unfinished=Exists(active.exclude(ended)),
        finished_on=Subquery(finished_on),
    ).annotate(
        plan_state=Case(
            When(has_inspection=True, has_unfinished=False, then=Value(ProgramItemState.DONE)),
            When(planned_end__lt=as_of, then=Value(ProgramItemState.LATE)),
            When(has_started=False, planned_start__lt=as_of, then=Value(ProgramItemState.LATE)),
            When(has_started=False, then=Value(ProgramItemState.NOT_STARTED)),
            default=Value(ProgramItemState.ON_SCHEDULE),
        ),
    ).annotate(
        behind_plan=Case(
            When(plan_state=ProgramItemState.LATE, then=Value(True)),
            When(plan_state=ProgramItemState.DONE, finished_on__gt=F("planned_end"), then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        ),
    )


def _eager_items(queryset):
    return queryset.select_related("topic", "responsible").prefetch_related(
        "target_organizations", Prefetch("inspections", queryset=Inspection.objects.only(
            "id", "code", "title", "status", "program_item_id", "year")))


def program_list(*, user, data=None, request=None, as_of=None):
    qs = _filtered(InspectionProgram.objects.for_user(user), ProgramFilterSet, data, request)
    items = _eager_items(with_plan_state(ProgramItem.objects.all(), as_of or _as_of(data)))
    return qs.select_related("authority", "basis_document").prefetch_related(Prefetch("items", queryset=items))


def program_item_list(*, user, data=None, request=None, as_of=None):
    qs = with_plan_state(ProgramItem.objects.for_user(user), as_of or _as_of(data))
    qs = _filtered(qs, ProgramItemFilterSet, data, request)
    return _eager_items(qs).select_related("program")


# --- inspections -----------------------------------------------------------------
def inspection_list(*, user, data=None, request=None):
    qs = _filtered(Inspection.objects.for_user(user), InspectionFilterSet, data, request)
    return qs.select_related(
        "authority", "conducted_by", "program_item", "decision_document", "plan_document",
    ).prefetch_related(
        "topics", "team", *(Prefetch(name, queryset=rows) for name, rows in _inspection_nested().items()),
    )


def _inspection_nested():
    """An inspection's nested lists with what they name joined in: one statement per list, not two."""
    return {"targets": InspectionTarget.objects.select_related("organization"),
            "self_reports": SelfInspectionReport.objects.select_related("organization"),
            "transitions": InspectionTransition.objects.select_related("by")}


def inspection_answer_list(*, user, data=None, request=None):
    """inspection_list for the API: the nested lists in plain lists (core.fast_output), which spares
    Django a manager and a filtered queryset per row and relation while prefetching."""
    return prefetched_lists(inspection_list(user=user, data=data, request=request), topics=None, team=None,
                            **_inspection_nested())


# --- findings --------------------------------------------------------------------
def finding_list(*, user, data=None, request=None):
    qs = _filtered(Finding.objects.for_user(user), FindingFilterSet, data, request)
    return qs.select_related("inspection", "organization", "topic").prefetch_related(
        "tags", "evidence__content_type", "attachments")


def finding_answer_list(*, user, data=None, request=None):
    """finding_list for the API: tags, evidence and attachments in plain lists (core.fast_output)."""
    return prefetched_lists(finding_list(user=user, data=data, request=request), tags=None, attachments=None,
                            evidence=FindingEvidence.objects.select_related("content_type"))


def _named(rows, **lookups):
    """Grouped rows given the code and name of what they are grouped by, each as
    a scalar subquery on the row's id (`alias=(model, id field, column)`):
    grouping by the integer ids, not by the joined text, halves the
    aggregate's cost over the city's findings (EXPLAIN ANALYZE, #18)."""
    return rows.annotate(**{
        alias: Subquery(model.objects.filter(pk=OuterRef(field)).order_by().values(column)[:1])
        for alias, (model, field, column) in lookups.items()
    })


def findings_by_topic(findings):
    """Strengths and limitations of `findings` per topic, in topic code order:
    rows with topic__code, topic__name, strengths, limitations."""
    rows = findings.order_by().values("topic").annotate(
        strengths=Count("pk", filter=Q(kind=FindingKind.STRENGTH)),
        limitations=Count("pk", filter=Q(kind=FindingKind.LIMITATION)),
    )
    rows = _named(rows, topic__code=(Topic, "topic", "code"), topic__name=(Topic, "topic", "name"))
    return rows.values("topic__code", "topic__name", "strengths", "limitations").order_by("topic__code")


def recurring_limitations(*, user, min_organizations=2, years=None, min_years=None, topic=None, as_of=None):
    """Limitations found with the same topic and tag in many organizations or in
    several years, e.g. "tự phê bình và phê bình yếu" in 5 committees. Rows:
    topic code and name, tag slug and name, organizations, years, findings
    (grouped by the topic and tag ids). `as_of` a past day: only the findings
    that existed then (inspection.as_of)."""
    qs = Finding.objects.for_user(user)
    if as_of and as_of != timezone.localdate():
        qs = findings_existing_on(qs, as_of)
    qs = qs.filter(kind=FindingKind.LIMITATION, tags__isnull=False)
    if years:
        qs = qs.filter(inspection__year__in=list(years))
    if topic:
        qs = qs.filter(topic__code=topic)
    rows = qs.order_by().values("topic", "tags").annotate(
        organizations=Count("organization", distinct=True),
        years=Count("inspection__year", distinct=True),
        findings=Count("pk", distinct=True),
    )
    rows = _named(rows, topic__code=(Topic, "topic", "code"), topic__name=(Topic, "topic", "name"),
                  tags__slug=(Tag, "tags", "slug"), tags__name=(Tag, "tags", "name"))
    condition = Q(organizations__gte=min_organizations)
    if min_years:
        condition |= Q(years__gte=min_years)
    return rows.filter(condition).values(
        "topic__code", "topic__name", "tags__slug", "tags__name", "organizations", "years", "findings",
    ).order_by("-organizations", "-years", "topic__code", "tags__slug")


# --- conclusions and remediation ---------------------------------------------------
def conclusion_list(*, user, data=None, request=None):
    qs = _filtered(Conclusion.objects.for_user(user), ConclusionFilterSet, data, request)
    # A joint notice is visible to each inspected organization, but only its own sections.
    sections = ConclusionSection.objects.for_user(user).select_related("organization")
    return qs.select_related("inspection", "document", "issued_by").prefetch_related(
        Prefetch("sections", queryset=sections), "corrections")


def requirement_list(*, user, data=None, request=None):
    qs = _filtered(RemediationRequirement.objects.for_user(user), RequirementFilterSet, data, request)
    latest = ProgressReport.objects.filter(requirement=OuterRef("pk")).order_by("-submitted_at", "-pk")
    return qs.select_related(
        "conclusion__document", "conclusion__inspection", "organization", "responsible_organization",
        "verified_by",
    ).prefetch_related("findings").annotate(
        last_percent=Subquery(latest.values("percent")[:1]),
        last_report_at=Subquery(latest.values("submitted_at")[:1]),
    )


def requirement_answer_list(*, user, data=None, request=None):
    """requirement_list for the API: the findings' ids in a plain list (core.fast_output), and only
    the related rows its answer reads (the inspection is the conclusion's id, not a joined row)."""
    rows = requirement_list(user=user, data=data, request=request).select_related(None).select_related(
        "conclusion__document", "organization", "responsible_organization", "verified_by")
    return prefetched_lists(rows, findings=None)


def requirement_timeline(*, requirement):
    """Created, issued, reports, extensions, verification: one query."""
    return RequirementEvent.objects.filter(requirement=requirement).select_related("by").order_by("at", "pk")


def progress_report_list(*, user, data=None, request=None):
    qs = _filtered(ProgressReport.objects.for_user(user), ProgressReportFilterSet, data, request)
    return qs.select_related("requirement__responsible_organization", "submitted_by").prefetch_related("attachments")


def extension_list(*, user, data=None, request=None):
    qs = _filtered(DeadlineExtension.objects.for_user(user), DeadlineExtensionFilterSet, data, request)
    return qs.select_related("requirement__responsible_organization", "requested_by", "decided_by")

import datetime
from collections import defaultdict
from dataclasses import asdict

from django.db.models import Count, Q
from django.utils import timezone

from . import metrics, policy
from .filters import (
    AdmissionYearFilterSet,
    CellMeetingFilterSet,
    CommitteeMemberFilterSet,
    CongressFilterSet,
    MembershipStructureFilterSet,
    OrganizationFilterSet,
    QualityRatingFilterSet,
)
from .models import (
    AdmissionYear,
    CellMeeting,
    CommitteeMember,
    Congress,
    MembershipStructure,
    Organization,
    OrganizationSuccession,
    QualityRating,
    Term,
)
from .models.meetings import CELL_KINDS


def organization_list(*, user, data=None, request=None):
    qs = Organization.objects.for_user(user)
    if data is not None:
        qs = OrganizationFilterSet(data, queryset=qs, request=request).qs
    return qs.select_related("parent")


def organization_detail_queryset(*, user):
    return Organization.objects.for_user(user).select_related("parent")


def organization_children(*, user, organization):
    return Organization.objects.for_user(user).filter(parent=organization).order_by("path")


def organization_successions(*, user, organization):
    visible = Organization.objects.for_user(user)
    return (
        OrganizationSuccession.objects.filter(Q(predecessor=organization) | Q(successor=organization))
        .filter(Q(predecessor__in=visible) | Q(successor__in=visible))
        .select_related("predecessor", "successor")
    )


def organization_choices(*, user):
    """Organizations a user may bind new records to."""
    return Organization.objects.for_user(user).only("id", "name", "path", "depth")


def organization_subtree_summary(*, organization_id):
    org = Organization.objects.get(pk=organization_id)
    rows = (
        Organization.objects.within(org).filter(valid_to__isnull=True)
        .values("level").annotate(n=Count("pk")).order_by("level")
    )
    return {"organization": org.pk, "levels": {row["level"]: row["n"] for row in rows}}


# --- Yearly records ------------------------------------------------------------------
# Lists: scope, then the FilterSet (when `data` is given; the API's filter backend
# applies the same FilterSet), then eager loading.
def _scope(model, user):
    """Rows the actor may see (core.services.SYSTEM for the rule engine and tasks: every row)."""
    return model.objects.for_user(user)


def _record_list(model, filterset_class, *, user, data, request, related=(), prefetch=()):
    qs = model.objects.for_user(user)
    if data is not None:
        qs = filterset_class(data, queryset=qs, request=request).qs
    return qs.select_related(*related).prefetch_related(*prefetch)


def term_list():
    return Term.objects.all()


def congress_list(*, user, data=None, request=None):
    return _record_list(Congress, CongressFilterSet, user=user, data=data, request=request,
                        related=("organization", "term"))


def committee_member_list(*, user, data=None, request=None):
    return _record_list(CommitteeMember, CommitteeMemberFilterSet, user=user, data=data, request=request,
                        related=("organization", "term"))


def quality_rating_list(*, user, data=None, request=None):
    return _record_list(QualityRating, QualityRatingFilterSet, user=user, data=data, request=request,
                        related=("organization",), prefetch=("member_ratings",))


def cell_meeting_list(*, user, data=None, request=None):
    return _record_list(CellMeeting, CellMeetingFilterSet, user=user, data=data, request=request, related=("cell",))


def admission_year_list(*, user, data=None, request=None):
    return _record_list(AdmissionYear, AdmissionYearFilterSet, user=user, data=data, request=request,
                        related=("organization",))


def membership_structure_list(*, user, data=None, request=None):
    return _record_list(MembershipStructure, MembershipStructureFilterSet, user=user, data=data, request=request,
                        related=("organization",))


# --- Figures (the rule engine's inputs; each carries its evidence ids) ----------------
def committee_composition(*, user, organization, term, on=None):
    """CT 35 composition of a committee on a day (default: the day its congress
    closed, else the term's first day): shares of women and of age bands."""
    if on is None:
        congress = _scope(Congress, user).filter(organization=organization, term=term).first()
        on = (congress.closed_on or congress.opened_on) if congress else term.starts_on
    members = [
        m for m in _scope(CommitteeMember, user).filter(organization=organization, term=term)
        if m.active_on(on)
    ]
    composition = metrics.committee_composition([(m.gender, m.birth_date) for m in members], on)
    return {
        "organization": organization.pk, "term": term.pk, "on": on, **asdict(composition),
        "member_ids": [m.pk for m in members],
    }


def rating_relations(*, user, organization, year, subject=None, subtree=True):
    """The 20 % relation (QR-1 for members of each grassroots organization,
    QR-2 for the subordinate organizations of each committee) of every rating
    of `year` for `organization` (and its subtree). Years before 2018 have no
    relation (None)."""
    qs = _scope(QualityRating, user).filter(year=year).select_related("organization")
    qs = qs.within(organization) if subtree else qs.filter(organization=organization)
    if subject:
        qs = qs.filter(subject=subject)
    ratings = list(qs.order_by("organization__path", "subject"))
    caps = {subject: policy.excellent_cap(subject) for subject in {r.subject for r in ratings}}  # one look-up each
    return [
        {"rating_id": r.pk, "organization": r.organization, "subject": r.subject, "year": r.year,
         "relation": r.excellent_relation(cap=caps[r.subject])}
        for r in ratings
    ]


def _cells_active_between(qs, start, end):
    return qs.filter(kind__in=CELL_KINDS).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def cell_meeting_stats(*, user, organization, start, end):
    """Per cell of `organization`'s subtree (a cell gives itself): months without
    a regular meeting, quarters without a thematic one, the HD 12 attendance
    share, the share of meetings where young members spoke, with evidence ids.
    Only months and quarters lying wholly in [start, end] (and in the cell's
    lifetime) are judged; end is capped at today. Two queries for any number of cells."""
    end = min(end, timezone.localdate())
    cells = list(_cells_active_between(_scope(Organization, user).within(organization), start, end))
    rows = defaultdict(list)
    meetings = CellMeeting.objects.filter(cell__in=[c.pk for c in cells], date__range=(start, end)).values(
        "id", "cell_id", "date", "kind", "meets_attendance_test", "young_spoke", "criticism_held"
    ).order_by("date", "id")
    for row in meetings:
        rows[row["cell_id"]].append(row)
    result = []
    for cell in cells:
        cell_start = max(start, cell.valid_from) if cell.valid_from else start
        cell_end = min(end, cell.valid_to) if cell.valid_to else end
        result.append({"cell": cell, "start": cell_start, "end": cell_end,
                       "stats": metrics.meeting_stats(rows[cell.pk], cell_start, cell_end)})
    return result


def _term_of_year(year):
    """The term a calendar year's admissions count toward: start_year < year ≤ end_year
    (the congress year's admissions mostly precede the congress)."""
    return Term.objects.filter(start_year__lt=year, end_year__gte=year).order_by("start_year").first()


def admission_progress(*, user, organization, year):
    """AD-2: admitted ÷ target for `year` and cumulatively for the term's
    target (with the pro-rata share due by then), and the composition of the
    admitted against the organization's own membership structure."""
    return admission_progress_many(user=user, organizations=[organization], year=year)[organization.pk]


def admission_progress_many(*, user, organizations, year):
    """admission_progress of many organizations in four queries, whatever their
    number: {organization id: figures}."""
    ids = [organization.pk for organization in organizations]
    term = _term_of_year(year)
    # The year's record and, within a term, the term's years so far (start_year < y ≤ year).
    years = Q(year__gt=term.start_year, year__lte=year) if term is not None else Q(year=year)
    records = defaultdict(list)
    for record in _scope(AdmissionYear, user).filter(years, organization_id__in=ids).order_by("year"):
        records[record.organization_id].append(record)
    congresses = {} if term is None else {
        congress.organization_id: congress
        for congress in _scope(Congress, user).filter(organization_id__in=ids, term=term)
    }
    structures = {}  # the latest up to `year`: later years overwrite earlier ones
    for structure in _scope(MembershipStructure, user).filter(organization_id__in=ids, year__lte=year).order_by(
            "year"):
        structures[structure.organization_id] = structure
    return {pk: _admission_figures(pk, year, term, records[pk], congresses.get(pk), structures.get(pk)) for pk in ids}


def _admission_figures(organization_id, year, term, records, congress, structure):
    """admission_progress of one organization from its rows: `records` its
    admission years read for `year` (ordered by year), `congress` its congress
    for `term`, `structure` its latest membership structure up to `year`."""
    record = next((r for r in records if r.year == year), None)
    yearly = metrics.progress(record.admitted if record else 0, record.target if record else None)
    term_figures = None
    if term is not None:
        in_term = [r for r in records if term.start_year < r.year <= year]
        target = congress.admission_target if congress else None
        term_figures = {
            "term": term.pk, "term_name": term.name, "congress_id": congress.pk if congress else None,
            "progress": metrics.progress(sum(r.admitted for r in in_term), target),
            "expected_by_year": metrics.term_expected(target, year - term.start_year, term.end_year - term.start_year),
            "admission_ids": [r.pk for r in in_term],
        }
    gaps = []
    if record and structure:
        gaps = metrics.composition_gaps(
            admitted=record.composition(), admitted_total=record.admitted,
            structure=structure.composition(), structure_total=structure.members_total,
        )
    return {
        "organization": organization_id, "year": year, "admission_id": record.pk if record else None,
        "structure_id": structure.pk if structure else None, "yearly": yearly, "term": term_figures,
        "composition": gaps, "uneven": any(gap.uneven for gap in gaps),
    }


def organization_records_summary(*, user, organization):
    """Context for templates/organizations/_records_summary.html: the latest
    ratings (with the 20 % badge), cell meetings and admissions of an organization."""
    ratings = _scope(QualityRating, user)
    latest_rating_year = ratings.within(organization).order_by("-year").values_list("year", flat=True).first()
    summary = {"organization": organization, "rating_year": latest_rating_year, "ratings": [], "breaches": 0}
    if latest_rating_year:
        own = list(ratings.filter(organization=organization, year=latest_rating_year))
        summary["ratings"] = [{"rating": r, "relation": r.excellent_relation()} for r in own]
        summary["breaches"] = ratings.within(organization).filter(
            year=latest_rating_year, excellent_cap_exceeded=True
        ).count()
    meeting_year = (
        _scope(CellMeeting, user).within(organization).order_by("-date").values_list("date__year", flat=True).first()
    )
    summary["meeting_year"] = meeting_year
    if meeting_year:
        cells = cell_meeting_stats(user=user, organization=organization, start=datetime.date(meeting_year, 1, 1),
                                   end=datetime.date(meeting_year, 12, 31))
        summary["meeting_cells"] = len(cells)
        summary["cells_missing_months"] = sum(1 for c in cells if c["stats"].months_without_regular)
        summary["cells_missing_quarters"] = sum(1 for c in cells if c["stats"].quarters_without_thematic)
        if organization.kind in CELL_KINDS and cells:
            summary["cell_stats"] = cells[0]["stats"]
    admission_year = (
        _scope(AdmissionYear, user).filter(organization=organization).order_by("-year")
        .values_list("year", flat=True).first()
    )
    summary["admission"] = (
        admission_progress(user=user, organization=organization, year=admission_year) if admission_year else None
    )
    return summary


def meeting_cell_queryset(*, user):
    """Cells in the user's scope (organizations that hold cell meetings)."""
    return Organization.objects.for_user(user).filter(kind__in=CELL_KINDS)


def cell_latest_members_total(*, cell):
    return CellMeeting.objects.filter(cell=cell).order_by("-date").values_list("members_total", flat=True).first()


def organization_succession_list(*, user):
    """Reorganization links seen from either side's scope, with both organizations."""
    return OrganizationSuccession.objects.for_user(user).select_related("predecessor", "successor")

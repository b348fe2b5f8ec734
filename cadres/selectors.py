"""Reads of the cadres app.

List selectors apply, in order: the user's scope, the FilterSet, eager loading.
Computed selectors (plan_composition, standards_gap, age_feasibility) answer
"as of date D" from the records' own dates and return plain data with the ids
of the evidence, so dashboards and the rule engine (CP-1..4, AP-1, AP-2, RT-1)
share them. They take an optional `user`: when given, only records in the
user's scope count (people outside it are never named)."""
import datetime
from collections import defaultdict

from django.db.models import Min

from core.errors import ApplicationError
from core.scoping import subtree_q

from .choices import Gender, MovementKind, TrainingKind, TrainingStatus, theory_level_meets
from .filters import (
    CadreFilterSet,
    MovementFilterSet,
    PlanningEntryFilterSet,
    TitleAssignmentFilterSet,
    TitleFilterSet,
    TrainingRecordFilterSet,
    current_assignments_prefetch,
)
from .models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord
from .norms import NormTable, RetirementTable, add_months, age_on, theory_level_on

INSPECTION_PERIOD_YEARS = 5  # an inspection covers at most the last 5 years (QĐ 331)


def _filtered(queryset, filterset_class, data, request):
    if data is None:
        return queryset
    return filterset_class(data, queryset=queryset, request=request).qs


# --- Lists --------------------------------------------------------------------
def cadre_list(*, user, data=None, request=None):
    # Today's titles first: an `as_of` filter replaces them by the titles held that day.
    qs = Cadre.objects.for_user(user).select_related("organization").prefetch_related(current_assignments_prefetch())
    return _filtered(qs, CadreFilterSet, data, request)


def title_list(*, user=None, data=None, request=None):
    """The title catalogue: global, the same for every reader (`user` is accepted, not needed)."""
    return _filtered(Title.objects.all(), TitleFilterSet, data, request)


def title_assignment_list(*, user, data=None, request=None):
    qs = _filtered(TitleAssignment.objects.for_user(user), TitleAssignmentFilterSet, data, request)
    return qs.select_related("cadre", "title", "organization")


def planning_entry_list(*, user, data=None, request=None):
    qs = _filtered(PlanningEntry.objects.for_user(user), PlanningEntryFilterSet, data, request)
    return qs.select_related("cadre", "title", "organization", "term")


def training_list(*, user, data=None, request=None):
    qs = _filtered(TrainingRecord.objects.for_user(user), TrainingRecordFilterSet, data, request)
    return qs.select_related("cadre")


def movement_list(*, user, data=None, request=None):
    qs = _filtered(Movement.objects.for_user(user), MovementFilterSet, data, request)
    return qs.select_related("cadre", "from_organization", "from_title", "to_organization", "to_title")


# --- Computed views -------------------------------------------------------------
def _in_org(queryset, organization, subtree, field="organization"):
    if subtree:
        return queryset.filter(subtree_q(organization.path, f"{field}__"))
    return queryset.filter(**{field: organization})


def _scoped(queryset, user):
    return queryset.for_user(user)


def _share(part, whole):
    return round(part / whole, 4) if whole else None


def _person(cadre):
    return {"cadre": cadre.pk, "cadre_code": cadre.code, "cadre_name": cadre.full_name}


def plan_entries_on(*, organization, term, as_of, user, subtree=False):
    """The approved plan of `organization` (or its subtree) for `term` as it stood on `as_of`."""
    qs = PlanningEntry.objects.in_plan_on(as_of).filter(term=term)
    return _scoped(_in_org(qs, organization, subtree), user).select_related("cadre", "title")


def plan_composition(*, organization, term, as_of, user, subtree=False, norm_on=None):
    """CP-1 and CP-2 for one plan: people per title, share of women and of young
    cadres against the norm of the organization's level, titles with more people
    than allowed, people planned for more titles of one level than allowed
    (counted over every plan of the term, not only this one). The norm is the
    one in force on `norm_on` (the plan's approval; default `as_of`)."""
    norm = NormTable().for_level(organization.level, norm_on or as_of)
    entries = list(plan_entries_on(organization=organization, term=term, as_of=as_of, subtree=subtree, user=user))
    elsewhere = _planned_by_person(user, as_of, [term.pk], {entry.cadre_id for entry in entries})
    return _composition(organization, term, as_of, subtree, norm, entries, elsewhere)


def plan_compositions(*, user, plans, as_of):
    """plan_composition of many organizations' own plans in three queries,
    whatever their number. `plans`: (organization, term, norm_on) triples.
    {organization id: (its entries, figures)}; figures are None for a level
    with no norm on its `norm_on` (the caller decides what then)."""
    norms, terms = NormTable(), {organization.pk: term for organization, term, _day in plans}
    own = _scoped(PlanningEntry.objects.in_plan_on(as_of).filter(
        organization_id__in=list(terms), term_id__in={term.pk for term in terms.values()}), user)
    entries = defaultdict(list)
    for entry in own.select_related("cadre", "title"):
        if entry.term_id == terms[entry.organization_id].pk:
            entries[entry.organization_id].append(entry)
    elsewhere = _planned_by_person(user, as_of, {term.pk for term in terms.values()}, own.values("cadre_id")) \
        if plans else {}
    compositions = {}
    for organization, term, norm_on in plans:
        rows = entries[organization.pk]
        try:
            norm = norms.for_level(organization.level, norm_on)
        except ApplicationError:
            compositions[organization.pk] = (rows, None)
            continue
        compositions[organization.pk] = (
            rows, _composition(organization, term, as_of, False, norm, rows, elsewhere))
    return compositions


def _planned_by_person(user, as_of, term_ids, cadre_ids):
    """{(term id, cadre id): the cadre's entries in every plan of the term on `as_of`}, one query."""
    rows = defaultdict(list)
    planned = PlanningEntry.objects.in_plan_on(as_of).filter(term_id__in=term_ids, cadre_id__in=cadre_ids)
    for entry in _scoped(planned, user).select_related("title"):
        rows[entry.term_id, entry.cadre_id].append(entry)
    return rows


def _composition(organization, term, as_of, subtree, norm, entries, elsewhere):
    """plan_composition's figures from the plan's `entries` and `elsewhere`
    (_planned_by_person over the plan's people)."""
    people = {entry.cadre_id: entry.cadre for entry in entries}

    per_title = defaultdict(list)
    for entry in entries:
        per_title[entry.title].append(entry)
    titles = [
        {
            "title": title.pk, "title_name": title.name, "count": len({e.cadre_id for e in rows}),
            "cadre_ids": sorted({e.cadre_id for e in rows}), "entry_ids": sorted(e.pk for e in rows),
        }
        for title, rows in sorted(per_title.items(), key=lambda item: (item[0].sort_order, item[0].name))
    ]
    for row in titles:
        row["over_limit"] = row["count"] > norm.max_people_per_title

    women = sorted(pk for pk, cadre in people.items() if cadre.gender == Gender.FEMALE)
    young = sorted(pk for pk, cadre in people.items() if age_on(cadre.birth_date, as_of) < norm.young_age)
    women_share, young_share = _share(len(women), len(people)), _share(len(young), len(people))

    titles_by_person = defaultdict(lambda: defaultdict(dict))
    for cadre_id in people:
        for entry in elsewhere.get((term.pk, cadre_id), ()):
            titles_by_person[entry.cadre_id][entry.title.level].setdefault(entry.title_id, []).append(entry.pk)
    people_over = []
    for cadre_id, by_level in sorted(titles_by_person.items()):
        for level, title_entries in sorted(by_level.items()):
            if len(title_entries) > norm.max_titles_per_person:
                people_over.append({
                    **_person(people[cadre_id]), "level": level, "title_ids": sorted(title_entries),
                    "entry_ids": sorted(pk for pks in title_entries.values() for pk in pks),
                })

    return {
        "organization": organization.pk, "term": term.pk, "as_of": as_of, "subtree": subtree,
        "norm": _norm_data(norm),
        "entries": len(entries), "people": len(people),
        "per_title": titles,
        "women": {"count": len(women), "share": women_share, "min_percent": norm.women_min_percent,
                  "below_min": women_share is not None and women_share * 100 < norm.women_min_percent,
                  "cadre_ids": women},
        "young": {"count": len(young), "share": young_share, "under_age": norm.young_age,
                  "min_percent": norm.young_min_percent,
                  "below_min": young_share is not None and young_share * 100 < norm.young_min_percent,
                  "cadre_ids": young},
        "titles_over_limit": [row for row in titles if row["over_limit"]],
        "people_over_limit": people_over,
    }


def _norm_data(norm):
    return {
        "id": norm.pk, "level": norm.level, "valid_from": norm.valid_from, "young_age": norm.young_age,
        "young_min_percent": norm.young_min_percent, "women_min_percent": norm.women_min_percent,
        "max_people_per_title": norm.max_people_per_title, "max_titles_per_person": norm.max_titles_per_person,
        "min_rotation_years": norm.min_rotation_years,
        "min_years_before_retirement": norm.min_years_before_retirement, "basis": norm.basis,
    }


def _trainings_by_cadre(cadre_ids, user):
    trainings = defaultdict(list)
    qs = _scoped(TrainingRecord.objects.filter(cadre_id__in=cadre_ids, kind=TrainingKind.POLITICAL_THEORY), user)
    for training in qs.order_by("started_on", "pk"):
        trainings[training.cadre_id].append(training)
    return trainings


def _studying_on(training, day):
    return (
        training.status != TrainingStatus.PLANNED and training.started_on is not None and training.started_on <= day
        and (training.ended_on is None or training.ended_on > day)
    )


def standards_gap(*, organization, as_of, user, subtree=True):
    """CP-4: planned cadres and title holders whose political-theory level on
    `as_of` is below their title's standard. Those studying on that date for a
    course that would meet it are listed apart (`in_training`)."""
    planned = _scoped(_in_org(PlanningEntry.objects.in_plan_on(as_of), organization, subtree), user)
    held = _scoped(_in_org(TitleAssignment.objects.active_on(as_of), organization, subtree), user)
    records = [
        ("planned", entry) for entry in planned.exclude(title__min_theory_level="").select_related("cadre", "title")
    ] + [
        ("holder", assignment)
        for assignment in held.exclude(title__min_theory_level="").select_related("cadre", "title")
    ]
    trainings = _trainings_by_cadre({record.cadre_id for _basis, record in records}, user)

    in_training, not_in_training = [], []
    for basis, record in records:
        cadre, title = record.cadre, record.title
        level = theory_level_on(cadre, as_of, trainings[cadre.pk])
        if theory_level_meets(level, title.min_theory_level):
            continue
        course = next(
            (t for t in trainings[cadre.pk]
             if _studying_on(t, as_of) and theory_level_meets(t.theory_level, title.min_theory_level)),
            None,
        )
        row = {
            "basis": basis, "record": record.pk, **_person(cadre), "title": title.pk, "title_name": title.name,
            "is_key": title.is_key, "organization": record.organization_id, "level": level,
            "required": title.min_theory_level, "training": course.pk if course else None,
            "training_ends_on": course.ended_on if course else None,
        }
        (in_training if course else not_in_training).append(row)
    order = {"holder": 0, "planned": 1}
    for rows in (in_training, not_in_training):
        rows.sort(key=lambda r: (order[r["basis"]], r["cadre_name"], r["title"], r["record"]))
    return {
        "organization": organization.pk, "as_of": as_of, "subtree": subtree,
        "in_training": in_training, "not_in_training": not_in_training,
        "counts": {"in_training": len(in_training), "not_in_training": len(not_in_training),
                   "people": len({r["cadre"] for r in in_training + not_in_training})},
    }


def age_feasibility(*, organization, term, as_of, user, subtree=True, since=None):
    """CP-3, AP-1, RT-1, AP-2 on `as_of`:
    - planned cadres (plan for `term`) who reach retirement age before the term ends,
      and those over the title's age limit when first planned for it;
    - first appointments with less than the norm's years left before retirement,
      or over the title's age limit for a first appointment;
    - rotations shorter than the norm's minimum, and rotations of a cadre who had
      held the post left for less than that minimum;
    - appointees who were not in the approved plan for that title (or an
      equivalent one) of that organization on the effective date.
    Movements count when effective in [since, as_of]; `since` defaults to
    five years before `as_of` (the period an inspection covers)."""
    since = since or add_months(as_of, -12 * INSPECTION_PERIOD_YEARS)
    retirement, norms = RetirementTable(), NormTable()

    planned = list(plan_entries_on(organization=organization, term=term, as_of=as_of, subtree=subtree, user=user))
    first_added = {
        (row["cadre_id"], row["title_id"]): row["first"]
        for row in PlanningEntry.objects.filter(cadre_id__in={e.cadre_id for e in planned})
        .values("cadre_id", "title_id").annotate(first=Min("added_on"))
    }
    cannot_serve, over_age_planning = [], []
    for entry in planned:
        cadre, title = entry.cadre, entry.title
        retires_on = retirement.retirement_date(cadre.birth_date, cadre.gender)
        base = {"entry": entry.pk, **_person(cadre), "title": title.pk, "title_name": title.name}
        if retires_on < term.ends_on:
            cannot_serve.append({**base, "retires_on": retires_on, "term_ends_on": term.ends_on})
        first = first_added.get((cadre.pk, title.pk))
        age_first = age_on(cadre.birth_date, entry.added_on)
        if title.max_age_first_planning and entry.added_on == first and age_first > title.max_age_first_planning:
            over_age_planning.append({**base, "age": age_first, "max_age": title.max_age_first_planning})

    movements = list(
        _scoped(
            _in_org(Movement.objects.filter(effective_on__gte=since, effective_on__lte=as_of), organization, subtree,
                    "to_organization"),
            user,
        ).select_related("cadre", "to_title", "to_organization", "from_title")
    )
    cadre_ids = {m.cadre_id for m in movements}
    plans = defaultdict(list)
    for entry in PlanningEntry.objects.filter(cadre_id__in=cadre_ids, approved_on__isnull=False).select_related(
        "title"
    ):
        plans[entry.cadre_id].append(entry)
    posts = defaultdict(list)
    for assignment in TitleAssignment.objects.filter(cadre_id__in=cadre_ids):
        posts[assignment.cadre_id].append(assignment)

    short_runway, over_age_appointment, short_rotations, short_tenure, not_in_plan = [], [], [], [], []
    for movement in movements:
        cadre = movement.cadre
        norm = norms.for_level(movement.to_organization.level, movement.effective_on)
        base = {"movement": movement.pk, "kind": movement.kind, **_person(cadre),
                "effective_on": movement.effective_on, "title": movement.to_title_id}
        if movement.kind == MovementKind.APPOINTMENT:
            retires_on = retirement.retirement_date(cadre.birth_date, cadre.gender)
            if retires_on < add_months(movement.effective_on, 12 * norm.min_years_before_retirement):
                short_runway.append({**base, "retires_on": retires_on,
                                     "min_years": norm.min_years_before_retirement})
            limit = movement.to_title.max_age_first_appointment
            age = age_on(cadre.birth_date, movement.effective_on)
            if limit and age > limit:
                over_age_appointment.append({**base, "age": age, "max_age": limit})
            if not _planned_for(plans[cadre.pk], movement):
                not_in_plan.append(base)
        if movement.kind == MovementKind.ROTATION:
            if movement.ended_on < add_months(movement.effective_on, 12 * norm.min_rotation_years):
                short_rotations.append({**base, "ended_on": movement.ended_on,
                                        "min_years": norm.min_rotation_years})
            tenure_start = _tenure_start(posts[cadre.pk], movement)
            if tenure_start and movement.effective_on < add_months(tenure_start, 12 * norm.min_rotation_years):
                short_tenure.append({**base, "held_since": tenure_start, "from_title": movement.from_title_id,
                                     "min_years": norm.min_rotation_years})
    return {
        "organization": organization.pk, "term": term.pk, "as_of": as_of, "since": since, "subtree": subtree,
        "cannot_serve_full_term": cannot_serve,
        "over_age_first_planning": over_age_planning,
        "appointments_near_retirement": short_runway,
        "appointments_over_age": over_age_appointment,
        "rotations_too_short": short_rotations,
        "rotated_before_min_tenure": short_tenure,
        "appointees_not_in_plan": not_in_plan,
    }


def _planned_for(entries, movement):
    """Was the cadre in the approved plan for the title (or an equivalent) of
    that organization on the movement's effective date?"""
    day, title = movement.effective_on, movement.to_title
    for entry in entries:
        same_title = entry.title_id == title.pk or (
            title.equivalence_group and entry.title.equivalence_group == title.equivalence_group
        )
        in_plan = entry.approved_on <= day and (entry.removed_on is None or entry.removed_on > day)
        if same_title and in_plan and entry.organization_id == movement.to_organization_id:
            return True
    return False


def _tenure_start(assignments, movement):
    """Start of the post the rotation took the cadre from, when recorded."""
    if not movement.from_title_id:
        return None
    day_before = movement.effective_on - datetime.timedelta(days=1)
    for assignment in assignments:
        if (
            assignment.title_id == movement.from_title_id
            and (movement.from_organization_id is None or assignment.organization_id == movement.from_organization_id)
            and assignment.started_on <= day_before
            and (assignment.ended_on is None or assignment.ended_on > day_before)
        ):
            return assignment.started_on
    return None

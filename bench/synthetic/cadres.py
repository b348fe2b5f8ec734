"""Cadres of the district and grassroots committees with their titles,
planning entries, training and movements, dated so that "as of D" analyses
and the cadre rules have something to find."""
import datetime

from cadres.choices import (
    EducationLevel,
    MovementKind,
    PlanningStatus,
    RemovalReason,
    TheoryLevel,
    TrainingKind,
    TrainingStatus,
)
from cadres.models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord
from organizations.choices import OrganizationLevel as L

from .base import days
from .records import person

# code, name, level, key, minimum theory level, max age at first planning / appointment, equivalence group
TITLES = [
    ("synth-upper-bi-thu", "Bí thư", L.UPPER, True, TheoryLevel.ADVANCED, 50, 55, ""),
    ("synth-upper-pho-bi-thu", "Phó Bí thư", L.UPPER, True, TheoryLevel.ADVANCED, 50, 55, "synth-upper-pbt"),
    ("synth-upper-chu-tich", "Chủ tịch Ủy ban nhân dân", L.UPPER, True, TheoryLevel.ADVANCED, 50, 55, ""),
    ("synth-upper-uv-btv", "Ủy viên Ban Thường vụ", L.UPPER, False, TheoryLevel.ADVANCED, 50, None, ""),
    ("synth-grassroots-bi-thu", "Bí thư Đảng ủy cơ sở", L.GRASSROOTS, True, TheoryLevel.INTERMEDIATE, 45, 50, ""),
    ("synth-grassroots-pho-bi-thu", "Phó Bí thư Đảng ủy cơ sở", L.GRASSROOTS, True, TheoryLevel.INTERMEDIATE,
     45, 50, ""),
    ("synth-grassroots-chu-tich", "Chủ tịch Ủy ban nhân dân cấp xã", L.GRASSROOTS, True,
     TheoryLevel.INTERMEDIATE, 45, 50, ""),
]
THEORY = [TheoryLevel.NONE, TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED]


def ensure_titles():
    titles = {}
    for order, (code, name, level, key, theory, plan_age, appoint_age, group) in enumerate(TITLES):
        titles[code], _created = Title.objects.get_or_create(code=code, defaults={
            "name": name, "level": level, "is_key": key, "sort_order": order * 10, "min_theory_level": theory,
            "max_age_first_planning": plan_age, "max_age_first_appointment": appoint_age,
            "equivalence_group": group})
    return titles


def _cadre(rng, org, number):
    name, gender, born = person(rng)
    theory = rng.choices(THEORY, weights=[1, 2, 5, 4])[0]
    joined = born + days(365 * rng.randint(20, 30))
    return Cadre(
        code=f"{org.code}-k{number}", full_name=name, birth_date=born, gender=gender, organization=org,
        party_joined_on=joined, theory_level=theory,
        theory_level_obtained_on=None if theory == TheoryLevel.NONE else joined + days(365 * rng.randint(2, 8)),
        education_level=rng.choice([EducationLevel.UNIVERSITY, EducationLevel.MASTER, EducationLevel.COLLEGE]))


def cadres(ctx, tree, terms):
    """Returns {organization id: [cadre codes]} for the committee members to refer to."""
    rng, scale = ctx.rng, ctx.scale
    titles = ensure_titles()
    by_level = {level: [t for t in titles.values() if t.level == level] for level in (L.UPPER, L.GRASSROOTS)}
    people = []
    for org in [*tree.uppers, *tree.grassroots]:
        count = scale.cadres_per_upper if tree.is_upper(org) else scale.cadres_per_grassroots
        people += [_cadre(rng, org, n + 1) for n in range(count)]
    people = ctx.bulk(Cadre, people)
    staff = {}
    for cadre in people:
        staff.setdefault(cadre.organization_id, []).append(cadre)
    orgs = {o.pk: o for o in [*tree.uppers, *tree.grassroots]}
    term = next(t for t in terms if t.start_year == 2025)
    assignments, plans, trainings, movements = [], [], [], []
    for position, (org_id, members) in enumerate(staff.items()):
        org = orgs[org_id]
        org_titles = by_level[org.level]
        started = max(org.valid_from, datetime.date(2020, 10, 20))
        for index, title in enumerate(org_titles):
            holder = members[index]
            ended = org.valid_to
            assignments.append(TitleAssignment(cadre=holder, title=title, organization=org, started_on=started,
                                               ended_on=ended, decision=f"{rng.randint(1, 900)}-QĐ/TU"))
            if org.valid_to:
                continue
            for candidate in members[len(org_titles) + index * 2: len(org_titles) + index * 2 + 2]:
                added = datetime.date(2025, 11, rng.randint(1, 28))
                if added > ctx.today:
                    continue
                removed = rng.random() < 0.1
                plans.append(PlanningEntry(
                    cadre=candidate, title=title, organization=org, term=term, added_on=added,
                    approved_on=added + days(20), decision=f"{rng.randint(1, 900)}-QĐ/TU",
                    status=PlanningStatus.REMOVED if removed else PlanningStatus.APPROVED,
                    removed_on=added + days(200) if removed and added + days(200) <= ctx.today else None,
                    removal_reason=RemovalReason.REVIEW if removed else ""))
                if plans[-1].status == PlanningStatus.REMOVED and plans[-1].removed_on is None:
                    plans[-1].status, plans[-1].removal_reason = PlanningStatus.APPROVED, ""
        for cadre in members:
            roll = rng.random()
            if roll < 0.2:
                start = datetime.date(ctx.today.year - rng.randint(0, 3), 3, 1)
                done = start + days(300) <= ctx.today
                trainings.append(TrainingRecord(
                    cadre=cadre, kind=TrainingKind.POLITICAL_THEORY, theory_level=TheoryLevel.ADVANCED,
                    course="Cao cấp lý luận chính trị", institution="Học viện Chính trị khu vực II",
                    started_on=start, ended_on=start + days(300) if done else None,
                    status=TrainingStatus.COMPLETED if done else TrainingStatus.STUDYING,
                    certificate="Bằng cao cấp lý luận chính trị" if done else ""))
            elif roll < 0.35:
                trainings.append(TrainingRecord(
                    cadre=cadre, kind=TrainingKind.UPDATE, course="Bồi dưỡng cập nhật kiến thức",
                    started_on=datetime.date(ctx.today.year, 1, 10), status=TrainingStatus.STUDYING))
        if len(members) > len(org_titles) + 1 and org.valid_to is None and position % 3 == 0:
            cadre, title = members[-1], org_titles[-1]
            movements.append(Movement(cadre=cadre, kind=MovementKind.APPOINTMENT, to_organization=org,
                                      to_title=title, decision=f"{rng.randint(1, 900)}-QĐ/TU",
                                      effective_on=datetime.date(ctx.today.year - 1, 6, 1)))
            movements.append(Movement(cadre=members[-2], kind=MovementKind.ROTATION, from_organization=org,
                                      to_organization=org.parent, decision=f"{rng.randint(1, 900)}-QĐ/TU",
                                      effective_on=datetime.date(ctx.today.year - 2, 9, 1),
                                      ended_on=datetime.date(ctx.today.year + 1, 9, 1)))
    ctx.bulk(TitleAssignment, assignments)
    ctx.bulk(PlanningEntry, plans)
    ctx.bulk(TrainingRecord, trainings)
    ctx.bulk(Movement, movements)
    ctx.say(f"cadres: {len(people)}, {len(assignments)} titles held, {len(plans)} planning entries, "
            f"{len(trainings)} trainings, {len(movements)} movements")
    return {org_id: [c.code for c in members] for org_id, members in staff.items()}

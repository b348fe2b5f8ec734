"""The yearly records inspections examine: congresses and committees, quality
ratings (with named members), membership structures, admissions and cell
meetings. Counts add up the way the models' clean() wants them to."""
import datetime

from organizations import policy
from organizations.models import (
    AdmissionYear,
    CellMeeting,
    CommitteeMember,
    Congress,
    MemberRating,
    MembershipStructure,
    QualityRating,
)
from organizations.models.admissions import SECTOR_DIMENSIONS
from organizations.record_choices import (
    CommitteePosition,
    ContentFocus,
    Gender,
    MeetingKind,
    MeetingQuality,
    NotRatedReason,
    RatingLevel,
    RatingSubject,
)

from .base import days, make

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_M, MIDDLE_F = ["Văn", "Minh", "Quốc", "Thanh", "Hữu", "Đức"], ["Thị", "Ngọc", "Thu", "Kim", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hà", "Hương", "Khoa", "Lan", "Long", "Mai", "Nam", "Nga", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Yến"]
TOPICS = ["Quán triệt nghị quyết của cấp trên", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
          "Kiểm điểm thực hiện nhiệm vụ tháng", "Công tác phát triển đảng viên", "Chuyên đề cải cách hành chính"]
CHUNK = 20000
# Choices.values builds a new list on every access (280,000 meetings a city).
CONTENT_FOCI, QUALITIES = ContentFocus.values, MeetingQuality.values


def person(rng):
    """(full name, gender, birth date) of a plausible cadre or member."""
    female = rng.random() < 0.35
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"
    born = datetime.date(rng.randint(1965, 1996), rng.randint(1, 12), rng.randint(1, 28))
    return name, Gender.FEMALE if female else Gender.MALE, born


def split(rng, total, shares):
    """`total` split by `shares` (fractions), the rest in the last part; every part ≥ 0."""
    parts = [int(total * share * rng.uniform(0.8, 1.2)) for share in shares[:-1]]
    while sum(parts) > total:
        parts[parts.index(max(parts))] -= 1
    return [*parts, total - sum(parts)]


def _composition(rng, total):
    sectors = split(rng, total, [0.1, 0.05, 0.35, 0.05, 0.1, 0.05, 0.3])
    values = dict(zip(SECTOR_DIMENSIONS, sectors, strict=True))
    values.update(women=int(total * rng.uniform(0.3, 0.5)), under_30=int(total * rng.uniform(0.1, 0.4)),
                  ethnic_minority=int(total * rng.uniform(0, 0.05)), religious=int(total * rng.uniform(0, 0.1)))
    return values


def committees(ctx, tree, terms, cadre_codes):
    """A congress per active upper or grassroots committee and term, and its elected committee."""
    rng, congresses, members = ctx.rng, [], []
    term_2020, term_2025 = (t for t in terms if t.start_year in (2020, 2025))
    for org in [*tree.uppers, *tree.grassroots]:
        size = 13 if tree.is_upper(org) else 7
        for term in (term_2020, term_2025):
            year = term.start_year
            opened = datetime.date(year, 8 if tree.is_upper(org) else 5, rng.randint(1, 28))
            if not (org.is_active_on(opened) and opened <= ctx.today):
                continue
            congresses.append(Congress(
                organization=org, term=term, opened_on=opened, closed_on=opened + days(2),
                resolution_number=f"{rng.randint(1, 99):02d}-NQ/{org.issuer_code}",
                resolution_summary="Nghị quyết đại hội nhiệm kỳ", admission_target=rng.randint(20, 60)))
            ended = org.valid_to or (term.ends_on if term is term_2020 else None)
            for seat in range(size):
                name, gender, born = person(rng)
                position = (CommitteePosition.SECRETARY if seat == 0 else CommitteePosition.DEPUTY_SECRETARY
                            if seat < 3 else CommitteePosition.STANDING_MEMBER if seat < 6 and size > 7
                            else CommitteePosition.COMMITTEE_MEMBER)
                codes = cadre_codes.get(org.pk, [])
                members.append(CommitteeMember(
                    organization=org, term=term, full_name=name, gender=gender, birth_date=born,
                    cadre_code=codes[seat] if seat < len(codes) and term is term_2025 else "", position=position,
                    from_date=opened + days(2), to_date=ended))
    ctx.bulk(Congress, congresses)
    ctx.bulk(CommitteeMember, members)
    ctx.say(f"committees: {len(congresses)} congresses, {len(members)} members")


def _rating_counts(rng, total, members):
    not_rated = [rng.randint(0, 2), rng.randint(0, 1), rng.randint(0, 2)] if members else [0, 0, rng.randint(0, 1)]
    rated = max(total - sum(not_rated), 0)
    good = int(rated * rng.uniform(0.55, 0.7))
    excellent = int(good * (0.2 if rng.random() < 0.85 else rng.uniform(0.21, 0.3)))  # some exceed the 20 % cap
    failed = int(rated * rng.uniform(0, 0.02))
    fulfilled = rated - good - excellent - failed
    return dict(excellent=excellent, good=good, fulfilled=fulfilled, failed=failed,
                not_rated_exempted=not_rated[0], not_rated_suspended=not_rated[1], not_rated_other=not_rated[2],
                total=rated + sum(not_rated))


def ratings_and_members(ctx, tree):
    """Quality ratings of members (grassroots) and of subordinate organizations, membership
    structures and admissions, every year; named members for the excellent ones of the last year."""
    rng = ctx.rng
    children = {}
    for org in [*tree.grassroots, *tree.cells]:
        children[org.parent_id] = children.get(org.parent_id, 0) + 1
    ratings, structures, admissions = [], [], []
    size = {g.pk: rng.randint(120, 420) for g in tree.grassroots}
    for year in ctx.years[:-1] if len(ctx.years) > 1 else ctx.years:  # this year is rated in December
        end = datetime.date(year, 12, 31)
        for org in tree.grassroots:
            if not org.is_active_on(end):
                continue
            total = size[org.pk] + rng.randint(-5, 5)
            ratings.append(QualityRating(organization=org, year=year, subject=RatingSubject.MEMBERS,
                                         source_document=f"{rng.randint(1, 200)}-BC/{org.issuer_code}",
                                         **_rating_counts(rng, total, True)))
            structures.append(MembershipStructure(organization=org, year=year, members_total=total,
                                                  **_composition(rng, total)))
            target = rng.randint(4, 15)
            admitted = max(0, target + rng.randint(-4, 3))
            admissions.append(AdmissionYear(organization=org, year=year, target=target, admitted=admitted,
                                            **_composition(rng, admitted)))
        for org in [*tree.uppers, *tree.grassroots]:
            count = children.get(org.pk, 0)
            if count and org.is_active_on(end):
                ratings.append(QualityRating(organization=org, year=year, subject=RatingSubject.ORGANIZATIONS,
                                             **_rating_counts(rng, count, False)))
    # QualityRating.compute_derived, with the cap's setting read once per subject instead of once a row.
    caps = {subject: policy.excellent_cap(subject) for subject in RatingSubject.values}
    for rating in ratings:
        relation = rating.excellent_relation(cap=caps[rating.subject])
        rating.excellent_cap_exceeded = bool(relation and relation.exceeded)
    ratings = ctx.bulk(QualityRating, ratings, derived=False)
    ctx.bulk(MembershipStructure, structures)
    ctx.bulk(AdmissionYear, admissions)
    last = max(r.year for r in ratings) if ratings else None
    named = []
    for rating in ratings:
        if rating.year != last or rating.subject != RatingSubject.MEMBERS:
            continue
        for _ in range(min(rating.excellent, 10)):
            name, _gender, born = person(rng)
            named.append(MemberRating(rating=rating, full_name=name, birth_date=born, level=RatingLevel.EXCELLENT))
        if rating.not_rated_exempted:
            name, _gender, born = person(rng)
            named.append(MemberRating(rating=rating, full_name=name, birth_date=born,
                                      not_rated_reason=NotRatedReason.EXEMPTED, note="Tuổi cao, sức yếu"))
    ctx.bulk(MemberRating, named)
    ctx.say(f"ratings: {len(ratings)} ratings, {len(named)} named members, {len(admissions)} admission years")
    return ratings


def _meeting(rng, cell, day, kind):
    total = rng.randint(12, 45)
    unexcused = 1 if rng.random() < 0.08 else 0
    excused = rng.randint(0, max(1, total // 10))
    present = total - unexcused - excused
    spoke = rng.randint(present // 4, max(present // 4, present // 2))
    return make(
        CellMeeting,
        cell=cell, date=day, kind=kind, topic=rng.choice(TOPICS), duration_minutes=rng.choice([90, 120, 150]),
        members_total=total, present=present, absent_excused=excused, absent_unexcused=unexcused, spoke=spoke,
        young_spoke=rng.randint(0, min(3, spoke)), criticism_held=rng.random() < 0.4,
        content_focus=rng.choice(CONTENT_FOCI), quality=rng.choice(QUALITIES))


def _meetings(ctx, tree):
    rng = ctx.rng
    for year in ctx.years[-ctx.scale.meeting_years:]:
        for cell in tree.cells:
            for month in range(1, 13):
                day = datetime.date(year, month, rng.randint(5, 25))
                if day <= ctx.today and cell.is_active_on(day):
                    yield _meeting(rng, cell, day, MeetingKind.REGULAR)
                if month % 3 == 0 and rng.random() < 0.5:
                    thematic = datetime.date(year, month, 27)
                    if thematic <= ctx.today and cell.is_active_on(thematic):
                        yield _meeting(rng, cell, thematic, MeetingKind.THEMATIC)


def meetings(ctx, tree):
    """About twelve regular meetings a cell a year (and a thematic one some quarters), written in chunks."""
    chunk, total = [], 0
    for meeting in _meetings(ctx, tree):
        chunk.append(meeting)
        if len(chunk) >= CHUNK:
            total += len(ctx.bulk(CellMeeting, chunk))
            chunk = []
    total += len(ctx.bulk(CellMeeting, chunk))
    ctx.say(f"cell meetings: {total}")

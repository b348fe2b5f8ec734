"""Computed views, on hand-built data with known answers, as of several dates."""
import datetime

import pytest

from cadres import selectors
from cadres.choices import Gender, MovementKind, PlanningStatus, RemovalReason, TheoryLevel, TrainingKind
from cadres.choices import TrainingStatus as TS
from cadres.models import PlanningNorm
from cadres.norms import RetirementTable
from core.errors import ApplicationError
from core.services import SYSTEM
from tests.organizations.factories import TermFactory

from .factories import (
    CadreFactory,
    MovementFactory,
    PlanningEntryFactory,
    TitleAssignmentFactory,
    TitleFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db
APPOINT = MovementKind.APPOINTMENT
D = datetime.date


@pytest.fixture
def term():
    return TermFactory(start_year=2020)


@pytest.fixture
def plan(tree, term):
    """Quận 3's plan for 2020–2025: four titles, five people (one woman, two under 40 in mid-2019)."""
    names = ["Bí thư", "Phó Bí thư", "UV BTV", "Trưởng ban"]
    a, b, c, d = (TitleFactory(name=name, sort_order=i) for i, name in enumerate(names))
    c1 = CadreFactory(full_name="C1", organization=tree.q3, birth_date=D(1970, 1, 1))
    c2 = CadreFactory(full_name="C2", organization=tree.q3, birth_date=D(1985, 7, 1), gender=Gender.FEMALE)
    c3 = CadreFactory(full_name="C3", organization=tree.q3, birth_date=D(1982, 1, 1))
    c4 = CadreFactory(full_name="C4", organization=tree.q3_ward, birth_date=D(1968, 1, 1))
    c5 = CadreFactory(full_name="C5", organization=tree.q3, birth_date=D(1972, 1, 1))
    for cadre in (c1, c2, c3, c4):
        PlanningEntryFactory(cadre=cadre, title=a, organization=tree.q3)
    for title in (b, c, d):
        PlanningEntryFactory(cadre=c1, title=title, organization=tree.q3)
    PlanningEntryFactory(cadre=c5, title=b, organization=tree.q3)
    late = PlanningEntryFactory(
        cadre=c5, title=c, organization=tree.q3, added_on=D(2019, 9, 1), approved_on=D(2019, 9, 10)
    )
    removed = PlanningEntryFactory(
        cadre=c4, title=b, organization=tree.q3, status=PlanningStatus.REMOVED, removed_on=D(2019, 1, 15),
        removal_reason=RemovalReason.OVER_AGE,
    )
    PlanningEntryFactory(cadre=c2, title=b, organization=tree.q3, status=PlanningStatus.PROPOSED, approved_on=None)
    outsider = CadreFactory(organization=tree.cuchi, gender=Gender.FEMALE)
    PlanningEntryFactory(cadre=outsider, title=a, organization=tree.cuchi)
    return {"titles": (a, b, c, d), "cadres": (c1, c2, c3, c4, c5), "late": late, "removed": removed}


def _counts(result):
    return {row["title"]: row["count"] for row in result["per_title"]}


def test_plan_composition_mid_2019(tree, term, plan):
    a, b, c, d = plan["titles"]
    c1, c2, c3, c4, c5 = plan["cadres"]
    result = selectors.plan_composition(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2019, 6, 30))

    assert result["people"] == 5
    assert _counts(result) == {a.pk: 4, b.pk: 2, c.pk: 1, d.pk: 1}
    assert [row["title"] for row in result["titles_over_limit"]] == [a.pk]
    assert result["titles_over_limit"][0]["cadre_ids"] == sorted([c1.pk, c2.pk, c3.pk, c4.pk])
    assert result["women"] == {"count": 1, "share": 0.2, "min_percent": 25, "below_min": True, "cadre_ids": [c2.pk]}
    assert result["young"]["cadre_ids"] == sorted([c2.pk, c3.pk])
    assert (result["young"]["share"], result["young"]["under_age"], result["young"]["below_min"]) == (0.4, 40, False)
    [person] = result["people_over_limit"]
    assert person["cadre"] == c1.pk and person["level"] == "upper"
    assert person["title_ids"] == sorted(t.pk for t in (a, b, c, d))


def test_plan_composition_rebuilds_other_dates(tree, term, plan):
    a, b, c, d = plan["titles"]
    before_removal = selectors.plan_composition(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2018, 12, 31))
    assert _counts(before_removal)[b.pk] == 3  # C4 was still planned for Phó Bí thư
    after_late = selectors.plan_composition(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2020, 1, 1))
    assert _counts(after_late)[c.pk] == 2
    before_approval = selectors.plan_composition(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2018, 3, 15))
    assert before_approval["people"] == 0 and before_approval["women"]["share"] is None


def test_plan_compositions_of_many_plans_equal_each_plan_alone(tree, term, plan, django_assert_num_queries):
    """The rule engine's bulk form (CP-1, CP-2): the same figures as plan_composition
    for each organization, in three queries whatever their number; a level without
    a norm on the day gives None, and the plan's entries for the caller's fallback."""
    day = D(2019, 6, 30)
    with django_assert_num_queries(3):
        many = selectors.plan_compositions(user=SYSTEM, as_of=day, plans=[
            (tree.q3, term, day), (tree.cuchi, term, day), (tree.q3_ward, term, D(1990, 1, 1))])
    for organization in (tree.q3, tree.cuchi):
        entries, figures = many[organization.pk]
        assert figures == selectors.plan_composition(user=SYSTEM, organization=organization, term=term, as_of=day,
                                                     norm_on=day)
        assert {e.pk for e in entries} == set(selectors.plan_entries_on(
            user=SYSTEM, organization=organization, term=term, as_of=day).values_list("pk", flat=True))
    assert many[tree.q3_ward.pk] == ([], None)  # no norm in 1990


def test_plan_composition_reads_thresholds_from_data(tree, term, plan):
    PlanningNorm.objects.filter(level="upper").update(max_people_per_title=4, women_min_percent=20, young_age=35)
    result = selectors.plan_composition(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2019, 6, 30))
    assert result["titles_over_limit"] == []
    assert result["women"]["below_min"] is False
    assert result["young"]["cadre_ids"] == [plan["cadres"][1].pk]  # only C2 (33) is under 35


def test_plan_composition_hides_people_outside_the_user_scope(tree, term, plan, make_user):
    user = make_user(organizations=[tree.q3_ward])
    result = selectors.plan_composition(organization=tree.q3, term=term, as_of=D(2019, 6, 30), user=user)
    assert result["people"] == 1 and result["per_title"][0]["cadre_ids"] == [plan["cadres"][3].pk]


def test_missing_norm_is_a_clear_error(tree, term):
    PlanningNorm.objects.filter(level="upper").delete()
    with pytest.raises(ApplicationError) as err:
        selectors.plan_composition(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2019, 6, 30))
    assert err.value.code == "norm_missing"


@pytest.fixture
def standards(tree):
    key = TitleFactory(name="Bí thư", is_key=True, min_theory_level=TheoryLevel.ADVANCED)
    plain = TitleFactory(name="Ủy viên", min_theory_level="")
    h1 = CadreFactory(full_name="H1 chưa học", organization=tree.q3)
    h2 = CadreFactory(full_name="H2 đang học", organization=tree.q3)
    h3 = CadreFactory(full_name="H3 đạt", organization=tree.q3, theory_level=TheoryLevel.ADVANCED,
                      theory_level_obtained_on=D(2015, 1, 1))
    h4 = CadreFactory(full_name="H4 đạt 2020", organization=tree.q3, theory_level=TheoryLevel.ADVANCED,
                      theory_level_obtained_on=D(2020, 5, 1))
    gone = CadreFactory(full_name="Đã thôi", organization=tree.q3)
    for cadre in (h1, h2, h3, h4):
        TitleAssignmentFactory(cadre=cadre, title=key, organization=tree.q3)
    TitleAssignmentFactory(cadre=gone, title=key, organization=tree.q3, ended_on=D(2019, 1, 1))  # end is exclusive
    TitleAssignmentFactory(cadre=h1, title=plain, organization=tree.q3)
    studying = TrainingRecordFactory(cadre=h2, started_on=D(2019, 3, 1))
    TrainingRecordFactory(cadre=h4, theory_level=TheoryLevel.INTERMEDIATE, started_on=D(2009, 1, 1),
                          ended_on=D(2010, 1, 1), status=TS.COMPLETED)
    TrainingRecordFactory(cadre=h1, kind=TrainingKind.PROFESSIONAL, theory_level="", started_on=D(2019, 1, 1))
    p1 = CadreFactory(full_name="P1 cử nhân", organization=tree.q3_ward, theory_level=TheoryLevel.BACHELOR)
    p2 = CadreFactory(full_name="P2 xong 2019", organization=tree.q3_ward, theory_level=TheoryLevel.ELEMENTARY)
    finished = TrainingRecordFactory(cadre=p2, started_on=D(2017, 9, 1), ended_on=D(2019, 1, 10), status=TS.COMPLETED)
    entries = [PlanningEntryFactory(cadre=c, title=key, organization=tree.q3) for c in (p1, p2)]
    outsider = CadreFactory(organization=tree.cuchi)
    TitleAssignmentFactory(cadre=outsider, title=key, organization=tree.cuchi)
    return locals()


def _gap(rows):
    return [(row["basis"], row["cadre_name"], row["level"]) for row in rows]


def test_standards_gap_mid_2019(tree, standards):
    result = selectors.standards_gap(user=SYSTEM, organization=tree.q3, as_of=D(2019, 6, 30))
    assert _gap(result["not_in_training"]) == [
        ("holder", "H1 chưa học", "intermediate"), ("holder", "H4 đạt 2020", "intermediate"),
    ]
    assert _gap(result["in_training"]) == [("holder", "H2 đang học", "intermediate")]
    assert result["in_training"][0]["training"] == standards["studying"].pk
    assert result["counts"] == {"in_training": 1, "not_in_training": 2, "people": 3}


def test_standards_gap_end_2018_and_2021(tree, standards):
    end_2018 = selectors.standards_gap(user=SYSTEM, organization=tree.q3, as_of=D(2018, 12, 31))
    assert _gap(end_2018["in_training"]) == [("planned", "P2 xong 2019", "elementary")]
    assert end_2018["in_training"][0]["record"] == standards["entries"][1].pk
    assert {r["cadre_name"] for r in end_2018["not_in_training"]} == {"H1 chưa học", "H2 đang học", "H4 đạt 2020",
                                                                       "Đã thôi"}
    in_2021 = selectors.standards_gap(user=SYSTEM, organization=tree.q3, as_of=D(2021, 1, 1))
    assert {r["cadre_name"] for r in in_2021["not_in_training"] + in_2021["in_training"]} == {"H1 chưa học",
                                                                                              "H2 đang học"}


def test_standards_gap_follows_the_record_organization(tree, standards):
    ward = selectors.standards_gap(user=SYSTEM, organization=tree.q3_ward, as_of=D(2018, 12, 31))
    assert ward["in_training"] == [] and ward["not_in_training"] == []  # P2 is planned by Quận 3, not by the ward
    cuchi = selectors.standards_gap(user=SYSTEM, organization=tree.cuchi, as_of=D(2019, 6, 30))
    assert [r["cadre"] for r in cuchi["not_in_training"]] == [standards["outsider"].pk]


def test_retirement_dates_from_the_seeded_table():
    table = RetirementTable()
    assert table.retirement_date(D(1960, 6, 15), Gender.MALE) == D(2020, 6, 15)      # 60
    assert table.retirement_date(D(1961, 1, 1), Gender.MALE) == D(2021, 4, 1)        # 60y3m in 2021
    assert table.retirement_date(D(1963, 3, 10), Gender.MALE) == D(2023, 12, 10)     # 60y9m in 2023
    assert table.retirement_date(D(1966, 1, 1), Gender.MALE) == D(2027, 10, 1)       # 61y9m in 2027
    assert table.retirement_date(D(1970, 1, 1), Gender.MALE) == D(2032, 1, 1)        # 62
    assert table.retirement_date(D(1968, 5, 20), Gender.FEMALE) == D(2024, 9, 20)    # 56y4m in 2024
    assert table.retirement_date(D(1964, 2, 29), Gender.FEMALE) == D(2019, 2, 28)    # 55, no 29/2 in 2019
    assert table.retirement_date(D(1985, 1, 1), Gender.FEMALE) == D(2045, 1, 1)      # 60


@pytest.fixture
def feasibility(tree, term):
    title = TitleFactory(name="Phó Bí thư", max_age_first_planning=50, max_age_first_appointment=55,
                         equivalence_group="pho-bi-thu")
    twin = TitleFactory(name="Phó Bí thư Thường trực", equivalence_group="pho-bi-thu")
    other = TitleFactory(name="Trưởng ban")
    earlier = TermFactory(start_year=2015)
    old_man = CadreFactory(full_name="A cao tuổi", organization=tree.q3, birth_date=D(1963, 3, 10))
    old_woman = CadreFactory(full_name="B nữ", organization=tree.q3, birth_date=D(1968, 5, 20), gender=Gender.FEMALE)
    fine = CadreFactory(full_name="C đủ", organization=tree.q3, birth_date=D(1966, 1, 1))
    repeat = CadreFactory(full_name="D lần hai", organization=tree.q3, birth_date=D(1966, 1, 1))
    young = CadreFactory(full_name="E trẻ", organization=tree.q3, birth_date=D(1980, 1, 1))
    planned = {c.full_name: PlanningEntryFactory(cadre=c, title=title, organization=tree.q3, term=term)
               for c in (old_man, old_woman, fine, repeat, young)}
    PlanningEntryFactory(cadre=repeat, title=title, organization=tree.q3, term=earlier, added_on=D(2014, 1, 1),
                         approved_on=D(2014, 2, 1))

    near = CadreFactory(full_name="F sắp nghỉ", organization=tree.q3, birth_date=D(1961, 1, 1))
    unplanned = CadreFactory(full_name="G ngoài QH", organization=tree.q3, birth_date=D(1975, 1, 1))
    dropped = CadreFactory(full_name="H bị đưa ra", organization=tree.q3, birth_date=D(1975, 1, 1))
    moves = {
        "near": MovementFactory(cadre=near, kind=APPOINT, to_title=other, effective_on=D(2019, 6, 1)),
        "planned": MovementFactory(cadre=young, kind=APPOINT, to_title=title, effective_on=D(2019, 6, 1)),
        "twin": MovementFactory(cadre=fine, kind=APPOINT, to_title=twin, effective_on=D(2019, 6, 1)),
        "unplanned": MovementFactory(cadre=unplanned, kind=APPOINT, to_title=title,
                                     effective_on=D(2019, 6, 1)),
        "dropped": MovementFactory(cadre=dropped, kind=APPOINT, to_title=title,
                                   effective_on=D(2019, 6, 1)),
        "reappointed": MovementFactory(cadre=near, kind=MovementKind.REAPPOINTMENT, to_title=title,
                                       effective_on=D(2019, 7, 1)),
        "old": MovementFactory(cadre=unplanned, kind=APPOINT, to_title=other,
                               effective_on=D(2013, 1, 1)),
        "short": MovementFactory(cadre=young, kind=MovementKind.ROTATION, to_title=other, from_title=title,
                                 from_organization=tree.q3, effective_on=D(2019, 1, 1), ended_on=D(2020, 6, 30)),
        "exact": MovementFactory(cadre=fine, kind=MovementKind.ROTATION, effective_on=D(2017, 1, 1),
                                 ended_on=D(2020, 1, 1)),
        "elsewhere": MovementFactory(cadre=CadreFactory(organization=tree.cuchi), kind=APPOINT,
                                     to_title=title, effective_on=D(2019, 6, 1)),
    }
    PlanningEntryFactory(cadre=dropped, title=title, organization=tree.q3, term=term, status=PlanningStatus.REMOVED,
                         removed_on=D(2019, 1, 1), removal_reason=RemovalReason.REVIEW)
    TitleAssignmentFactory(cadre=young, title=title, organization=tree.q3, started_on=D(2018, 1, 1))
    return {"planned": planned, "moves": moves}


def _ids(rows, key):
    return sorted(row[key] for row in rows)


def test_age_feasibility_mid_2019(tree, term, feasibility):
    planned, moves = feasibility["planned"], feasibility["moves"]
    result = selectors.age_feasibility(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2019, 6, 30))

    assert {(r["cadre_name"], r["retires_on"]) for r in result["cannot_serve_full_term"]} == {
        ("A cao tuổi", D(2023, 12, 10)), ("B nữ", D(2024, 9, 20)),
    }
    # D was first planned for the title in 2014 (aged 47): the 2018 entry is not a first planning.
    names = {r["cadre_name"]: r["age"] for r in result["over_age_first_planning"]}
    assert names == {"A cao tuổi": 54, "C đủ": 52}
    assert _ids(result["appointments_near_retirement"], "movement") == [moves["near"].pk]
    assert result["appointments_near_retirement"][0]["retires_on"] == D(2021, 4, 1)
    assert result["appointments_over_age"] == []  # appointees to Phó Bí thư are all under its limit of 55
    assert _ids(result["appointees_not_in_plan"], "movement") == sorted(
        [moves["near"].pk, moves["unplanned"].pk, moves["dropped"].pk]
    )
    assert _ids(result["rotations_too_short"], "movement") == [moves["short"].pk]
    [tenure] = result["rotated_before_min_tenure"]
    assert (tenure["movement"], tenure["held_since"]) == (moves["short"].pk, D(2018, 1, 1))
    assert {r["entry"] for r in result["cannot_serve_full_term"]} == {planned["A cao tuổi"].pk, planned["B nữ"].pk}


def test_appointment_over_the_title_age_limit(tree, term, feasibility):
    title = feasibility["planned"]["A cao tuổi"].title
    cadre = CadreFactory(organization=tree.q3, birth_date=D(1962, 1, 1))
    PlanningEntryFactory(cadre=cadre, title=title, organization=tree.q3, term=term)
    move = MovementFactory(cadre=cadre, kind=APPOINT, to_title=title, effective_on=D(2019, 6, 1))
    result = selectors.age_feasibility(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2019, 6, 30))
    assert [(r["movement"], r["age"], r["max_age"]) for r in result["appointments_over_age"]] == [(move.pk, 57, 55)]


def test_age_feasibility_window_follows_as_of(tree, term, feasibility):
    moves = feasibility["moves"]
    result = selectors.age_feasibility(user=SYSTEM, organization=tree.q3, term=term, as_of=D(2018, 12, 31))
    assert result["appointees_not_in_plan"] == []
    assert _ids(result["rotations_too_short"], "movement") == []
    wide = selectors.age_feasibility(user=SYSTEM,
                                     organization=tree.q3, term=term, as_of=D(2019, 6, 30), since=D(2010, 1, 1))
    assert moves["old"].pk in _ids(wide["appointees_not_in_plan"], "movement")


def test_seed_norms_migration_rows():
    rows = {n.level: (n.young_age, n.young_min_percent, n.women_min_percent, n.max_people_per_title,
                      n.max_titles_per_person, n.min_rotation_years, n.min_years_before_retirement)
            for n in PlanningNorm.objects.all()}
    assert rows == {"city": (40, 15, 25, 3, 3, 3, 5), "upper": (40, 15, 25, 3, 3, 3, 5),
                    "grassroots": (35, 15, 25, 3, 3, 3, 5)}

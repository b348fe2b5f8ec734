"""CP-1, CP-2, CP-4, AP-1, RT-1 on hand-built plans, titles, trainings and movements."""
from decimal import Decimal

import pytest

from cadres.choices import Gender, MovementKind, TheoryLevel
from cadres.models import PlanningNorm
from cadres.norms import RetirementTable, add_months
from organizations.choices import OrganizationLevel
from rules.choices import Outcome
from tests.cadres.factories import (
    CadreFactory,
    MovementFactory,
    PlanningEntryFactory,
    TitleAssignmentFactory,
    TitleFactory,
    TrainingRecordFactory,
)
from tests.organizations.factories import TermFactory

from .helpers import D

pytestmark = pytest.mark.django_db
F, M = Gender.FEMALE, Gender.MALE
OLD, YOUNG = D(1970, 1, 1), D(1985, 1, 1)  # 49 and 34 at the end of 2019


def plan(org, people, title=None, level=OrganizationLevel.UPPER):
    """people: (gender, birth date) pairs, all planned for one title of `org`'s plan for 2020–2025."""
    title = title or TitleFactory(level=level)
    term = TermFactory(start_year=2020)
    return [
        PlanningEntryFactory(cadre=CadreFactory(organization=org, gender=g, birth_date=b), title=title,
                             organization=org, term=term)
        for g, b in people
    ]


def test_cp1_shares_of_women_and_young_with_boundaries(tree, check):
    plan(tree.q3, [(F, OLD), (M, YOUNG), (M, OLD)])
    plan(tree.q3, [(M, OLD)])  # q3: 4 people, 1 woman = 25 %, 1 young = 25 %: both at or above the norm
    plan(tree.cuchi, [(F, OLD), (F, OLD), (M, OLD)])
    plan(tree.cuchi, [(M, OLD), (M, OLD)])  # 2 women of 5, nobody young
    plan(tree.q3_ward, [(F, D(1986, 1, 1)), (M, D(1990, 1, 1)), (M, OLD), (M, OLD), (M, OLD)],
         level=OrganizationLevel.GRASSROOTS)  # 1 woman of 5 = 20 %; young at grassroots level: under 35
    results = check("CP-1", tree.city)
    assert set(results) == {"tu", "q3", "q3-vts", "cc", "cc-tth"}
    q3 = results["q3"]
    assert (q3.outcome, q3.measured, q3.threshold) == (Outcome.PASS, Decimal("0.25"), Decimal("0.25"))
    assert q3.sentence == ("Quy hoạch nhiệm kỳ 2020–2025 có 4 người: nữ 1 (25 %, quy định không dưới 25 %), trẻ dưới "
                           "40 tuổi "
                           "1 (25 %, quy định không dưới 15 %).")
    assert len(q3.evidence["cadres.planningentry"]) == 4 and len(q3.evidence["cadres.planningnorm"]) == 1
    cuchi = results["cc"]  # only the young share is short: it is what is measured
    # plans approved in 2018: judged under HD 15 / QĐ 98 (to confirm), a warning
    assert (cuchi.outcome, cuchi.measured, cuchi.threshold) == (Outcome.WARNING, Decimal("0"), Decimal("0.15"))
    ward = results["q3-vts"]
    assert (ward.outcome, ward.measured, ward.params["young"], ward.params["young_age"]) == (
        Outcome.WARNING, Decimal("0.2"), 2, 35)
    assert results["cc-tth"].outcome == Outcome.INSUFFICIENT_DATA
    assert results["cc-tth"].sentence == "Chưa có quy hoạch cán bộ được phê duyệt đến ngày 31/12/2019."


def test_cp1_level_without_norm_uses_the_rule_settings(tree, check):
    plan(tree.q3, [(F, OLD), (M, YOUNG), (M, OLD), (M, OLD)])
    PlanningNorm.objects.filter(level=OrganizationLevel.UPPER).delete()
    assert check("CP-1", tree.q3)["q3"].outcome == Outcome.PASS
    strict = check("CP-1", tree.q3, women_min_share=0.3)["q3"]
    assert (strict.outcome, strict.threshold) == (Outcome.WARNING, Decimal("0.3"))
    assert "cadres.planningnorm" not in strict.evidence


def test_cp2_people_per_title_and_titles_per_person(tree, check):
    entries = plan(tree.q3, [(M, OLD)] * 4)
    plan(tree.cuchi, [(M, OLD)] * 3)  # exactly 3: allowed
    many = CadreFactory(organization=tree.cuchi_commune)
    term = TermFactory(start_year=2020)
    for title in TitleFactory.create_batch(4, level=OrganizationLevel.GRASSROOTS):
        PlanningEntryFactory(cadre=many, title=title, organization=tree.cuchi_commune, term=term)
    results = check("CP-2", tree.city)
    q3 = results["q3"]
    title_name = entries[0].title.name
    assert (q3.outcome, q3.measured) == (Outcome.WARNING, 1)  # a 2018 plan: the regulation of 2018 is to confirm
    assert q3.sentence == (f"Quy hoạch nhiệm kỳ 2020–2025: 1 chức danh có quá 3 người ({title_name}: 4); "
                           "0 người được quy hoạch quá 3 chức danh cùng cấp.")
    assert q3.evidence["cadres.planningentry"] == sorted(e.pk for e in entries)
    assert results["cc"].outcome == Outcome.PASS
    assert (results["cc-tth"].outcome, results["cc-tth"].params["people"]) == (Outcome.WARNING, 1)


def test_cp4_political_theory_below_standard_and_studying(tree, check):
    standard = TitleFactory(min_theory_level=TheoryLevel.ADVANCED, is_key=True)
    holder = TitleAssignmentFactory(cadre=CadreFactory(organization=tree.q3), title=standard, organization=tree.q3)
    studying = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), title=standard, organization=tree.q3,
                                    term=TermFactory(start_year=2020))
    course = TrainingRecordFactory(cadre=studying.cadre, started_on=D(2019, 3, 1))
    PlanningEntryFactory(cadre=CadreFactory(organization=tree.cuchi, theory_level=TheoryLevel.BACHELOR),
                         title=standard, organization=tree.cuchi, term=TermFactory(start_year=2020))
    results = check("CP-4", tree.city)
    q3 = results["q3"]
    assert (q3.outcome, q3.measured) == (Outcome.WARNING, 2)
    assert q3.sentence == ("2 người chưa đạt chuẩn lý luận chính trị của chức danh (1 người đang giữ chức danh, "
                           "1 người trong quy hoạch; 2 người ở chức danh lãnh đạo chủ chốt), trong đó 1 người đang "
                           "học để đạt chuẩn.")
    assert q3.evidence == {"cadres.titleassignment": [holder.pk], "cadres.planningentry": [studying.pk],
                           "cadres.trainingrecord": [course.pk]}
    assert results["cc"].outcome == Outcome.PASS  # cử nhân meets a cao cấp standard
    assert results["cc-tth"].outcome == Outcome.INSUFFICIENT_DATA
    holder.delete()
    only_studying = check("CP-4", tree.q3, count_studying=False)["q3"]
    assert (only_studying.outcome, only_studying.measured) == (Outcome.PASS, 0)
    assert check("CP-4", tree.q3, count_studying=True)["q3"].outcome == Outcome.WARNING  # the default


def test_ap1_first_appointment_needs_five_years_before_retirement(tree, check):
    title = TitleFactory()
    birth = D(1966, 3, 10)  # retires at the end of 2027 (Nghị định 135/2020 table)
    retires_on = RetirementTable().retirement_date(birth, M)
    on_the_day = add_months(retires_on, -60)  # exactly 5 years left: allowed
    period = (D(on_the_day.year, 1, 1), D(on_the_day.year, 12, 31))
    ok = MovementFactory(cadre=CadreFactory(organization=tree.q3, birth_date=birth), kind=MovementKind.APPOINTMENT,
                         to_title=title, effective_on=on_the_day)
    late = MovementFactory(cadre=CadreFactory(organization=tree.q3, birth_date=birth), kind=MovementKind.APPOINTMENT,
                           to_title=title, effective_on=on_the_day.replace(day=on_the_day.day + 1))
    MovementFactory(cadre=CadreFactory(organization=tree.cuchi, birth_date=D(1958, 1, 1)),
                    kind=MovementKind.REAPPOINTMENT, to_title=title, effective_on=period[0])  # not a first one
    assert check("AP-1", tree.q3, period)["q3"].sentence == "Không đánh giá được: Chưa khai báo nhiệm kỳ nào."
    TermFactory(start_year=2020)
    results = check("AP-1", tree.city, period)
    q3 = results["q3"]
    assert (q3.outcome, q3.measured) == (Outcome.BREACH, 1)
    assert q3.evidence["cadres.movement"] == sorted([ok.pk, late.pk])
    assert q3.sentence == (f"1/2 trường hợp bổ nhiệm lần đầu khi còn dưới 5 năm công tác đến tuổi nghỉ hưu (bổ nhiệm "
                           f"{late.effective_on:%d/%m/%Y}, nghỉ hưu {retires_on:%d/%m/%Y}).")
    assert results["cc"].outcome == Outcome.NOT_APPLICABLE
    late.delete()
    assert check("AP-1", tree.q3, period)["q3"].outcome == Outcome.PASS


def test_rt1_rotation_lasts_at_least_three_years(tree, check):
    MovementFactory(cadre=CadreFactory(organization=tree.q3), kind=MovementKind.ROTATION,
                    effective_on=D(2017, 1, 3), ended_on=D(2020, 1, 3))  # exactly 3 years
    short = MovementFactory(cadre=CadreFactory(organization=tree.cuchi), kind=MovementKind.ROTATION,
                            effective_on=D(2018, 3, 1), ended_on=D(2020, 2, 28))
    MovementFactory(cadre=CadreFactory(organization=tree.q3_ward), kind=MovementKind.ROTATION,
                    effective_on=D(2015, 1, 1), ended_on=D(2016, 1, 1))  # over before the period
    TermFactory(start_year=2020)
    results = check("RT-1", tree.city)
    assert results["q3"].outcome == Outcome.NOT_JUDGED  # decided on 03/01/2017, before QĐ 98 (07/10/2017)
    cuchi = results["cc"]
    assert (cuchi.outcome, cuchi.measured, cuchi.evidence["cadres.movement"]) == (Outcome.BREACH, 1, [short.pk])
    assert cuchi.sentence == ("1/1 trường hợp luân chuyển chưa bảo đảm 3 năm: 1 trường hợp thời gian luân chuyển dưới "
                              "3 năm, 0 trường hợp luân chuyển khi giữ chức vụ chưa đủ 3 năm.")
    assert results["q3-vts"].outcome == Outcome.NOT_APPLICABLE

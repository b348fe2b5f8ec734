"""AD-2: yearly and cumulative term progress, composition, boundaries."""
from decimal import Decimal

import pytest

from organizations.models import MembershipStructure
from rules.choices import Outcome
from tests.organizations.factories import AdmissionYearFactory, CongressFactory, TermFactory

pytestmark = pytest.mark.django_db


def earlier_years(org, admitted_by_year):
    return [AdmissionYearFactory(organization=org, year=y, target=None, admitted=a, sector_other=a)
            for y, a in admitted_by_year.items()]


def test_ad2_year_and_term_behind_with_uneven_composition(tree, check):
    CongressFactory(organization=tree.cuchi, term=TermFactory(), admission_target=2500)
    earlier_years(tree.cuchi, {2016: 420, 2017: 380, 2018: 350})
    AdmissionYearFactory(organization=tree.cuchi, year=2019, target=400, admitted=310, women=62, under_30=41,
                         sector_other=0, sector_farmer=310)
    MembershipStructure.objects.create(organization=tree.cuchi, year=2018, members_total=12500, women=5600,
                                       under_30=2500, sector_farmer=4800, sector_other=7700)
    results = check("AD-2", tree.city)
    assert set(results) == {"q3", "q3-vts", "cc", "cc-tth"}  # upper and grassroots levels
    cuchi = results["cc"]
    # 310/400 = 77.5 % of the year; 1,460 of the 2,000 due by 2019 (4/5 of 2,500) = 73 %
    assert (cuchi.outcome, cuchi.measured, cuchi.threshold) == (Outcome.WARNING, Decimal("0.73"), Decimal("1"))
    assert cuchi.sentence.startswith(
        "Năm 2019 kết nạp 310/400 đảng viên, đạt 77,5 % chỉ tiêu năm; lũy kế nhiệm kỳ 2015–2020 kết nạp 1.460 đảng "
        "viên, đạt 73 % mức cần đạt đến năm 2019 (2.000 trên chỉ tiêu cả nhiệm kỳ 2.500); yêu cầu không dưới 100 %. "
        "Cơ cấu kết nạp chưa đều: nữ 20 % (trong đảng bộ 44,8 %)"
    )
    assert len(cuchi.evidence["organizations.admissionyear"]) == 4
    assert set(cuchi.evidence) == {"organizations.admissionyear", "organizations.congress",
                                   "organizations.membershipstructure"}
    assert results["q3"].outcome == Outcome.INSUFFICIENT_DATA
    assert results["cc-tth"].sentence == (
        "Chưa có chỉ tiêu kết nạp năm 2019, hoặc chưa đủ số liệu kết nạp các năm của nhiệm kỳ để tính lũy kế.")


def test_ad2_exactly_on_target_passes_and_threshold_is_a_setting(tree, check):
    AdmissionYearFactory(organization=tree.q3, year=2019, target=180, admitted=180, sector_other=180)
    AdmissionYearFactory(organization=tree.cuchi, year=2019, target=400, admitted=300, sector_other=300)
    results = check("AD-2", tree.city)
    assert (results["q3"].outcome, results["q3"].measured) == (Outcome.PASS, Decimal("1"))
    assert results["q3"].sentence == ("Năm 2019 kết nạp 180/180 đảng viên, đạt 100 % chỉ tiêu năm "
                                      "(yêu cầu không dưới 100 %).")
    assert results["cc"].outcome == Outcome.WARNING
    assert check("AD-2", tree.city, min_share=0.75)["cc"].outcome == Outcome.PASS  # 300/400 = 75 %


def test_ad2_term_judged_only_when_every_year_is_recorded(tree, check):
    CongressFactory(organization=tree.q3, term=TermFactory(), admission_target=1500)
    AdmissionYearFactory(organization=tree.q3, year=2019, target=160, admitted=166, sector_other=166)
    only_year = check("AD-2", tree.q3)["q3"]  # 2016–2018 missing: no cumulative figure
    assert only_year.outcome == Outcome.PASS and "lũy kế" not in only_year.sentence
    earlier_years(tree.q3, {2016: 300, 2017: 290, 2018: 310})
    with_term = check("AD-2", tree.q3)["q3"]  # 1,066 of 1,200 due by 2019
    assert (with_term.outcome, with_term.measured) == (Outcome.WARNING, Decimal("0.8883"))
    AdmissionYearFactory(organization=tree.cuchi, year=2019, target=None, admitted=50, sector_other=50)
    CongressFactory(organization=tree.cuchi, term=TermFactory(), admission_target=2500)
    earlier_years(tree.cuchi, {2016: 700, 2017: 700, 2018: 600})
    term_only = check("AD-2", tree.cuchi)["cc"]  # no yearly target: judged on the term, 2,050 ≥ 2,000
    assert term_only.outcome == Outcome.PASS and term_only.sentence.startswith("Lũy kế nhiệm kỳ 2015–2020")

"""The demo reproduces the limitations Conclusion Notice 3150-TB/TU found,
when every rule in force runs over the whole city; the remediation rule
flags the committees whose requirements of the 2019 notices are overdue."""
import datetime

import pytest
from django.utils import timezone

from cadres import demo as cadres_demo
from core.services import SYSTEM
from inspection import demo as inspection_demo
from inspection.models import Inspection, RemediationRequirement
from organizations import demo as organizations_demo
from organizations.models import Organization
from rules.choices import FLAGGED_OUTCOMES, Outcome
from rules.models import RuleCheckResult, RuleCheckRun
from rules.selectors import breach_matrix, latest_breaches
from rules.services import check_run_create_for_inspection, check_run_execute

from .helpers import Y2018, Y2019, run_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    organizations_demo.load()
    cadres_demo.load()
    inspection_demo.load()
    return Organization.objects.get(code="tu-hcm")


def breaching(run, code):
    """Organizations the rule flagged: a breach ([R] rules) or a warning ([S], [M])."""
    return set(run.results.filter(rule_code=code, outcome__in=FLAGGED_OUTCOMES)
               .values_list("organization__code", flat=True))


def test_2018_ratings(city):
    run = run_rules(city, Y2018)
    assert run.status == "done", run.error
    assert {"QR-1", "QR-2"} <= set(run.rule_codes) and "CM-4" not in run.rule_codes
    assert "qu-q3" in breaching(run, "QR-2")  # "tỷ lệ tổ chức đảng được xếp loại HTXSNV thực hiện chưa đúng quy định"
    assert breaching(run, "QR-1") == {"q3-p7", "stt-rex"}
    q3 = run.results.get(rule_code="QR-2", organization__code="qu-q3")
    assert q3.sentence.startswith("Tỷ lệ tổ chức đảng trực thuộc hoàn thành xuất sắc nhiệm vụ bằng 30 % số tổ chức "
                                  "hoàn thành tốt nhiệm vụ năm 2018")


def test_2019_meetings_admissions_and_cadres(city):
    run = run_rules(city, Y2019)
    assert run.status == "done", run.error
    # cells without a thematic meeting in some quarter
    assert breaching(run, "CM-2") == {"q3-p7-kp2", "cc-tth-ap1", "cc-tth-ap2", "stt-rex-cb1"}
    assert breaching(run, "CM-1") == {"q3-p7-kp2", "cc-tth-ap2", "nh-nhnn-cb1"}
    # planned key leaders without the advanced political-theory program
    assert {"qu-q7", "hu-hocmon", "du-resco", "du-daihoc"} <= breaching(run, "CP-4")
    # admissions behind target in 2019 (not a year the seed judged)
    assert {"hu-cuchi", "du-nganhang"} <= breaching(run, "AD-2")
    # the second inspection's strengths: planning and appointments by the rules
    for code in ("CP-1", "CP-2", "CP-3", "AP-1", "AP-2", "RT-1"):
        assert not breaching(run, code) & {"qu-q7", "hu-hocmon", "du-resco", "du-daihoc"}, code
    assert breaching(run, "CP-5") >= {"q7-p-tth", "hm-bd"}  # subordinate committees lack people
    hocmon = run.results.get(rule_code="CP-1", organization__code="hu-hocmon")
    assert hocmon.outcome == Outcome.PASS and "HD 15-HD/BTCTW" in hocmon.regulation
    matrix = breach_matrix(user=SYSTEM, run=run)
    assert matrix["totals"]["CM-2"]["warning"] == 4
    assert next(row for row in matrix["organizations"] if row["code"] == "hu-cuchi")["outcomes"]["AD-2"] == "warning"


def test_2020_remediation_of_the_2019_notices(city):
    run = run_rules(city, (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)), ["RM-1"])
    assert run.status == "done", run.error
    judged = {r.organization.code: r for r in run.results.select_related("organization")}
    assert set(judged) == {"qu-q3", "hu-cuchi", "du-saigontourist", "du-nganhang", "qu-q7", "hu-hocmon", "du-resco",
                           "du-daihoc"}
    assert breaching(run, "RM-1") == {"hu-cuchi", "du-nganhang", "hu-hocmon", "du-resco", "du-daihoc"}
    # Củ Chi's deadline was extended to 30/06/2020 and its remedy is still in progress.
    assert judged["hu-cuchi"].sentence == ("Đến ngày 31/12/2020 có 1/1 yêu cầu khắc phục đã quá hạn mà chưa được xác "
                                           "nhận hoàn thành (hạn 30/06/2020).")
    # Quận 7 remedied everything, three requirements after their 31/12/2019 deadline.
    assert judged["qu-q7"].outcome == Outcome.PASS
    assert judged["qu-q7"].sentence.endswith("Có 3 yêu cầu được xác nhận hoàn thành sau thời hạn trong kỳ.")
    # Hóc Môn's last requirement, reported done in January, is due on the very last day: not yet overdue.
    assert judged["hu-hocmon"].measured == 1
    summary = latest_breaches(user=SYSTEM, scope=city, year=2020)
    assert summary["run"] == run and summary["counts"] == {"RM-1": 5}


def test_the_remediation_rule_flags_the_overdue_requirements(city):
    overdue = set(RemediationRequirement.objects.filter(is_overdue=True).values_list("organization__code", flat=True))
    assert overdue == {"hu-cuchi", "du-nganhang", "hu-hocmon", "du-resco", "du-daihoc"}
    # The last day before the 1/7/2025 reform: every inspected committee still exists.
    before_reform = run_rules(city, (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)), ["RM-1"])
    assert breaching(before_reform, "RM-1") == overdue
    hocmon = before_reform.results.get(rule_code="RM-1", organization__code="hu-hocmon")
    assert hocmon.measured == 2  # one of them waits for the Board: reported done, not verified
    assert "1 yêu cầu đơn vị đã báo cáo khắc phục xong, chờ Ban xác nhận" in hocmon.sentence
    # Today the district committees are gone (the engine judges organizations existing in the period).
    today = timezone.localdate()
    now = run_rules(city, (datetime.date(today.year, 1, 1), today), ["RM-1"])
    assert breaching(now, "RM-1") == {"du-nganhang", "du-resco", "du-daihoc"}


def test_checks_from_the_first_inspection_reproduce_its_rating_limitation(city):
    inspection = Inspection.objects.get(code="KT-2019-01")
    run = check_run_execute(run_id=check_run_create_for_inspection(user=SYSTEM, inspection=inspection).pk)
    assert (run.period_start, run.period_end, run.scope) == (datetime.date(2018, 1, 1), datetime.date(2018, 12, 31),
                                                             city)
    assert {"QR-1", "QR-2", "CM-1", "CM-2", "AD-2"} <= set(run.rule_codes) and "CP-1" not in run.rule_codes
    assert "qu-q3" in breaching(run, "QR-2")
    assert breaching(run, "QR-1") == {"q3-p7", "stt-rex"}


def test_the_inspections_findings_are_linked_to_their_rule_results(city):
    from rules import demo as rules_demo

    rules_demo.load()
    first = Inspection.objects.get(code="KT-2019-01")
    linked = RuleCheckResult.objects.filter(run__inspection=first, finding__isnull=False).select_related("finding")
    pairs = {(r.rule_code, r.finding.organization.code) for r in linked}
    assert ("QR-2", "qu-q3") in pairs and ("AD-3", "hu-cuchi") in pairs and ("AD-3", "du-nganhang") in pairs
    assert ("CM-6", "hu-cuchi") in pairs
    second = Inspection.objects.get(code="KT-2019-02")
    assert RuleCheckResult.objects.filter(run__inspection=second, rule_code="CP-4", finding__isnull=False).exists()
    rules_demo.load()  # idempotent
    assert RuleCheckRun.objects.filter(inspection__isnull=False).count() == 2
    # the 2019 summary counts what the 2019 inspections found (the first examined 2018's data)
    from reports.builders.annual_summary import rule_breaches
    from reports.periods import parse_period

    RuleCheckRun.objects.filter(inspection=None).delete()
    counted = {row[0]: row[2:] for row in rule_breaches(city, parse_period("2019"))}
    assert counted["QR-2"] == [0, 2] and counted["AD-3"] == [0, 2]  # Quận 3 and its Phường 7; Củ Chi, Ngân hàng


def test_2020_committees_judged_by_directive_35(city):
    """The committees elected at the 2020 congresses are judged by CC-1/CC-2 (the 2015 ones predate CT 35):
    Quận 3 within both shares, Củ Chi below 15 % women — the 2020 requirement on women and young members."""
    run = run_rules(city, (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)), ["CC-1", "CC-2"])
    assert run.status == "done", run.error
    results = run.results.filter(organization__code__in=["qu-q3", "hu-cuchi"]).select_related("organization")
    outcomes = {(r.rule_code, r.organization.code): r.outcome for r in results}
    assert outcomes == {("CC-1", "qu-q3"): Outcome.PASS, ("CC-2", "qu-q3"): Outcome.PASS,
                        ("CC-1", "hu-cuchi"): Outcome.PASS, ("CC-2", "hu-cuchi"): Outcome.WARNING}
    cuchi = run.results.get(rule_code="CC-2", organization__code="hu-cuchi")
    assert "1/10" in cuchi.sentence and "2020–2025" in cuchi.sentence
    # the members of 2015–2020 served until the new committee was elected
    before = run_rules(city, (datetime.date(2020, 1, 1), datetime.date(2020, 7, 31)), ["CC-1"])
    assert before.results.get(rule_code="CC-1", organization__code="hu-cuchi").outcome == Outcome.NOT_JUDGED

"""The demo reproduces the limitations Conclusion Notice 3150-TB/TU found,
when every rule in force runs over the whole city."""
import pytest

from cadres import demo as cadres_demo
from organizations import demo as organizations_demo
from organizations.models import Organization
from reports.rules.choices import Outcome
from reports.rules.selectors import breach_matrix

from .helpers import Y2018, Y2019, run_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    organizations_demo.load()
    cadres_demo.load()
    return Organization.objects.get(code="tu-hcm")


def breaching(run, code):
    return set(run.results.filter(rule_code=code, outcome=Outcome.BREACH).values_list("organization__code", flat=True))


def test_2018_ratings(city):
    run = run_rules(city, Y2018)
    assert run.status == "done", run.error
    assert {"QR-1", "QR-2"} <= set(run.rule_codes) and "CM-4" not in run.rule_codes
    assert "qu-q3" in breaching(run, "QR-2")  # "tỷ lệ tổ chức đảng được xếp loại HTXSNV thực hiện chưa đúng quy định"
    assert breaching(run, "QR-1") == {"q3-p-vts", "stt-rex"}
    q3 = run.results.get(rule_code="QR-2", organization__code="qu-q3")
    assert q3.sentence.startswith("Tỷ lệ tổ chức đảng trực thuộc HTXSNV bằng 30 % số tổ chức HTTNV năm 2018")


def test_2019_meetings_admissions_and_cadres(city):
    run = run_rules(city, Y2019)
    assert run.status == "done", run.error
    # cells without a thematic meeting in some quarter
    assert breaching(run, "CM-2") == {"q3-p-vts-kp2", "cc-tth-ap1", "cc-tth-ap2", "stt-rex-cb1"}
    assert breaching(run, "CM-1") == {"q3-p-vts-kp2", "cc-tth-ap2", "nh-nhnn-cb1"}
    # planned key leaders without the advanced political-theory program
    assert {"qu-q7", "hu-hocmon", "du-resco", "du-daihoc"} <= breaching(run, "CP-4")
    # admissions behind target
    assert {"hu-cuchi", "du-nganhang"} <= breaching(run, "AD-2")
    # Hóc Môn's plan: 1 woman in 6
    assert "hu-hocmon" in breaching(run, "CP-1")
    assert breaching(run, "CP-2") == {"qu-q7"}  # 4 people planned for Phó Bí thư
    assert breaching(run, "AP-1") == {"du-resco"}
    hocmon = run.results.get(rule_code="CP-1", organization__code="hu-hocmon")
    assert hocmon.sentence == ("Quy hoạch nhiệm kỳ 2020–2025 có 6 người: nữ 1 (16,7 %, quy định ≥ 25 %), trẻ dưới 40 "
                               "tuổi 2 (33,3 %, quy định ≥ 15 %).")
    matrix = breach_matrix(user=None, run=run)
    assert matrix["totals"]["CM-2"]["breach"] == 4
    assert next(row for row in matrix["organizations"] if row["code"] == "hu-cuchi")["outcomes"]["AD-2"] == "breach"

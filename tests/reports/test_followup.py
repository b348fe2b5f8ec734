"""The remediation follow-up: each requirement as it stood at the end of the
period (rebuilt from its timeline), totals, the organizations most behind,
scope, streaming and a bounded number of queries."""
import datetime
import inspect
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.services import SYSTEM
from inspection import services
from inspection.choices import RequirementStatus
from inspection.models import RemediationRequirement
from reports.builders.remediation_followup import build
from reports.builders.requirements import requirement_states
from reports.kinds import REMEDIATION_FOLLOWUP
from reports.periods import parse_period
from reports.services import report_generate, report_request

from .factories import D, at, extend, issued, report_progress, verify
from .test_rendering import docx_text, pdf_text

pytestmark = pytest.mark.django_db
R = RequirementStatus


@pytest.fixture
def story(tree, board):
    """One joint inspection of Quận 3 and Củ Chi, notice issued 1/4/2019:
    A (Q3) verified in June 2019, reopened in 2020; B (Q3) half done, due 30/9/2019;
    C (Củ Chi) extended in October to 31/3/2020; D (Củ Chi) untouched, due 15/12/2019.
    Plus one of 2018 verified in 2018 and one issued in 2020: neither is followed in 2019."""
    _inspection, _conclusion, (a, b, c, d) = issued(tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 4, 1),
                                                    requirements=[
        (tree.q3, "Rà soát, bổ sung quy hoạch cán bộ.", D(2019, 6, 30)),
        (tree.q3, "Cử cán bộ học cao cấp lý luận chính trị.", D(2019, 9, 30)),
        (tree.cuchi, "Nâng cao chất lượng sinh hoạt chi bộ.", D(2019, 10, 31)),
        (tree.cuchi, "Khắc phục tỷ lệ xếp loại “Hoàn thành xuất sắc nhiệm vụ”.", D(2019, 12, 15)),
    ])
    verify(board, a, D(2019, 6, 20))
    services.requirement_reopen(user=board, requirement=a, comment="Chưa có số liệu.", at=at(D(2020, 2, 1)))
    report_progress(board, b, D(2019, 9, 1), percent=50, text="Đã cử 2 đồng chí đi học.")
    extend(board, c, D(2019, 10, 20), D(2020, 3, 31))
    _i, _c, (old,) = issued(tree, board, targets=[tree.q3], issued_on=D(2018, 5, 1),
                            requirements=[(tree.q3, "Yêu cầu năm 2018.", D(2018, 10, 31))])
    verify(board, old, D(2018, 11, 1))
    issued(tree, board, targets=[tree.cuchi], issued_on=D(2020, 2, 1),
           requirements=[(tree.cuchi, "Yêu cầu năm 2020.", D(2020, 6, 30))])
    return {"a": a, "b": b, "c": c, "d": d}


def followup(scope, period="2019"):
    report, _created = report_request(user=SYSTEM, kind=REMEDIATION_FOLLOWUP, scope=scope, period=parse_period(period),
                                      enqueue=False)
    report = report_generate(report_id=report.pk)
    assert report.status == "done", report.error
    return report, {f.format: f.file.read() for f in report.files.all()}


def sheet_rows(content, title):
    return list(load_workbook(io.BytesIO(content))[title].iter_rows(min_row=2, values_only=True))


def test_the_state_at_a_past_date_is_rebuilt_from_the_timeline(tree, story):
    states = {s.requirement.pk: s for s in requirement_states(RemediationRequirement.objects.all(), D(2019, 12, 31))}
    a, b, c, d = (states[story[k].pk] for k in "abcd")
    assert (a.status, a.is_overdue) == (R.VERIFIED, False)  # reopened only in 2020
    assert (b.status, b.percent, b.deadline, b.days_overdue) == (R.IN_PROGRESS, 50, D(2019, 9, 30), 92)
    assert (c.status, c.deadline, c.is_overdue) == (R.OPEN, D(2020, 3, 31), False)  # the extension counts
    assert (d.status, d.days_overdue) == (R.OPEN, 16)
    before_extension = next(s for s in requirement_states(RemediationRequirement.objects.filter(pk=story["c"].pk),
                                                          D(2019, 10, 19)))
    assert before_extension.deadline == D(2019, 10, 31)


def test_the_state_today_agrees_with_the_stored_status_deadline_and_overdue_flag(tree, story):
    from django.utils import timezone

    today = timezone.localdate()
    for state in requirement_states(RemediationRequirement.objects.all(), today):
        stored = state.requirement
        assert (state.status, state.deadline, state.is_overdue) == (stored.status, stored.deadline, stored.is_overdue)


def test_followup_counts_the_period_as_it_stood_at_its_end(tree, story):
    report, files = followup(tree.city)
    summary = dict(sheet_rows(files["xlsx"], "Tổng hợp"))
    assert summary == {"Tổng số": 4, "Đã hoàn thành": 1, "Chờ xác nhận": 0, "Đang khắc phục": 1,
                       "Chưa báo cáo": 2, "Quá hạn": 2}
    by_org = {row[0]: row[1:] for row in sheet_rows(files["xlsx"], "Theo tổ chức")}
    # most behind first: both have one overdue, Quận 3's for 92 days, Củ Chi's for 16
    assert list(by_org) == ["Quận ủy Quận 3", "Huyện ủy Củ Chi"]
    assert by_org["Quận ủy Quận 3"] == (2, 1, 0, 1, 0, 1, 92, 50)
    assert by_org["Huyện ủy Củ Chi"] == (2, 0, 0, 0, 2, 1, 16, 0)
    rows = {row[5]: row for row in sheet_rows(files["xlsx"], "Yêu cầu khắc phục")}
    assert set(rows) == {"Rà soát, bổ sung quy hoạch cán bộ.", "Cử cán bộ học cao cấp lý luận chính trị.",
                         "Nâng cao chất lượng sinh hoạt chi bộ.",
                         "Khắc phục tỷ lệ xếp loại “Hoàn thành xuất sắc nhiệm vụ”."}
    assert rows["Cử cán bộ học cao cấp lý luận chính trị."][8:] == (
        "Đang khắc phục", 50, datetime.datetime(2019, 9, 1), "Đã cử 2 đồng chí đi học.", 92)
    assert rows["Nâng cao chất lượng sinh hoạt chi bộ."][6:9] == (
        datetime.datetime(2019, 10, 31), datetime.datetime(2020, 3, 31), "Chưa báo cáo")

    text, _document = docx_text(files["docx"])
    assert "có 4 yêu cầu khắc phục sau kiểm tra đang được theo dõi" in text
    assert "1 yêu cầu đã hoàn thành" in text and "(đạt 25 %)" in text and "2 yêu cầu đã quá hạn" in text
    assert "Tính đến ngày 31/12/2019" in text
    assert "III. CÁC ĐƠN VỊ CHẬM THỰC HIỆN" in text and "IV. CÁC YÊU CẦU ĐÃ QUÁ HẠN" in text


def test_followup_of_a_subtree_leaves_out_the_rest_of_a_joint_inspection(tree, story):
    _report, files = followup(tree.q3)
    rows = sheet_rows(files["xlsx"], "Yêu cầu khắc phục")
    assert {row[3] for row in rows} == {"Quận ủy Quận 3"} and len(rows) == 2
    text, _document = docx_text(files["docx"])
    assert "Củ Chi" not in text and "có 2 yêu cầu khắc phục" in text


def test_a_later_period_sees_the_reopening_and_leaves_out_what_was_done_before(tree, story):
    _report, files = followup(tree.city, "2020")
    rows = {row[5]: row for row in sheet_rows(files["xlsx"], "Yêu cầu khắc phục")}
    assert rows["Rà soát, bổ sung quy hoạch cán bộ."][8] == "Yêu cầu khắc phục lại"
    assert "Yêu cầu năm 2020." in rows and "Yêu cầu năm 2018." not in rows


def test_the_builder_runs_the_same_number_of_queries_for_2_and_10_requirements(tree, board):
    targets = [tree.q3, tree.cuchi]
    report, _created = report_request(user=SYSTEM,
                                      kind=REMEDIATION_FOLLOWUP, scope=tree.city, period=parse_period("2019"),
                                      enqueue=False)

    def add_and_measure(n, expected_rows):
        _i, _c, made = issued(tree, board, targets=targets, issued_on=D(2019, 4, 1), requirements=[
            (targets[i % 2], f"Yêu cầu số {i}.", D(2019, 6, 1 + i)) for i in range(n)])
        for requirement in made[::2]:
            report_progress(board, requirement, D(2019, 5, 1), percent=40)
        with CaptureQueriesContext(connection) as ctx:
            built = build(report, lambda percent: None)
            rows = list(built.sheets["Yêu cầu khắc phục"][1])
        assert len(rows) == expected_rows
        return len(ctx.captured_queries)

    two = add_and_measure(2, 2)
    assert two == add_and_measure(8, 10)
    assert two <= 6, two  # a count, then requirements + their events, twice (document, then spreadsheet)


def test_the_requirement_list_reaches_the_spreadsheet_as_a_generator(tree, story):
    report, _created = report_request(user=SYSTEM,
                                      kind=REMEDIATION_FOLLOWUP, scope=tree.city, period=parse_period("2019"),
                                      enqueue=False)
    built = build(report, lambda percent: None)
    _headers, rows = built.sheets["Yêu cầu khắc phục"]
    assert inspect.isgenerator(rows)
    assert len(list(rows)) == 4


def test_the_seed_follow_up_opens_with_the_party_layout(db):
    """The demo of 3150-TB/TU: the Board's 2019 follow-up over the city, opened as DOCX and PDF."""
    import re

    from inspection.demo import load as load_inspection
    from organizations.demo import load as load_organizations
    from organizations.models import Organization

    load_organizations()
    load_inspection()
    _report, files = followup(Organization.objects.get(code="tu-hcm"))
    date_line = re.compile(r"Thành phố Hồ Chí Minh, ngày \d{2} tháng \d{1,2} năm \d{4}")
    requirement = ("Định kỳ rà soát các tiêu chuẩn, điều kiện đối với cán bộ đã được phê duyệt quy hoạch để kịp "
                   "thời đào tạo, bồi dưỡng, luân chuyển, điều động để đáp ứng nhu cầu cán bộ khi tiến hành bổ nhiệm.")
    text, document = docx_text(files["docx"])
    header = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert header[:2] == ["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "BAN TỔ CHỨC"]
    assert re.fullmatch(r"Số \s+-BC/BTCTU", header[-1])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and date_line.search(text)
    assert "BÁO CÁO" in text and "Theo dõi thực hiện kết luận kiểm tra" in text
    assert requirement in text and "Đảng ủy Khối Đại học, Cao đẳng TP.HCM" in text
    pdf, _reader = pdf_text(files["pdf"])
    for expected in ["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "BAN TỔ CHỨC", "ĐẢNG CỘNG SẢN VIỆT NAM", "-BC/BTCTU",
                     "K/T TRƯỞNG BAN", "Định kỳ rà soát các tiêu chuẩn", "Tính đến ngày 31/12/2019"]:
        assert expected in pdf
    assert date_line.search(pdf)

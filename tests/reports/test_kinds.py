"""The overdue digest, the program progress and the annual summary, each on
hand-built data with known answers (through the real renderers)."""
import io
import re

import pytest
from openpyxl import load_workbook

from core.services import SYSTEM
from inspection import services
from inspection.choices import FindingKind
from inspection.models import Topic
from reports.kinds import ANNUAL_SUMMARY, OVERDUE_DIGEST, PROGRAM_PROGRESS
from reports.periods import parse_period
from reports.services import report_generate, report_request
from rules.choices import Outcome, RunStatus, Severity
from rules.models import RuleCheckResult, RuleCheckRun
from tests.inspection.factories import walk

from .factories import D, at, extend, issued, verify
from .test_rendering import docx_text

pytestmark = pytest.mark.django_db


def generate(kind, scope, period, **params):
    report, _created = report_request(user=SYSTEM, kind=kind, scope=scope, period=parse_period(period), enqueue=False,
                                      params=params or None)
    report = report_generate(report_id=report.pk)
    assert report.status == "done", report.error
    files = {f.format: f.file.read() for f in report.files.all()}
    return load_workbook(io.BytesIO(files["xlsx"])), docx_text(files["docx"])[0]


def rows(workbook, title):
    return list(workbook[title].iter_rows(min_row=2, values_only=True))


# --- overdue digest -----------------------------------------------------------------------
@pytest.fixture
def due(tree, board):
    """As of 30/6/2019: Quận 3 has one 20 days overdue, one due in 5 days, one due in 20;
    the commune of Củ Chi one overdue by a day; Củ Chi one extended out of the window
    and one verified before its deadline."""
    _i, _c, made = issued(tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 4, 1), requirements=[
        (tree.q3, "Quá hạn 20 ngày.", D(2019, 6, 10)),
        (tree.q3, "Còn 5 ngày.", D(2019, 7, 5)),
        (tree.q3, "Còn 20 ngày.", D(2019, 7, 20)),
        {"organization": tree.cuchi, "responsible_organization": tree.cuchi_commune, "text": "Quá hạn 1 ngày.",
         "deadline": D(2019, 6, 29)},
        (tree.cuchi, "Đã gia hạn.", D(2019, 6, 20)),
        (tree.cuchi, "Đã hoàn thành.", D(2019, 6, 25)),
    ])
    extend(board, made[4], D(2019, 6, 15), D(2019, 9, 30))
    verify(board, made[5], D(2019, 6, 24))
    return made


def test_digest_groups_what_is_overdue_or_due_soon_by_responsible_organization(tree, due):
    workbook, text = generate(OVERDUE_DIGEST, tree.city, "2019-06-30")
    assert rows(workbook, "Theo tổ chức") == [
        (1, "Quận ủy Quận 3", 1, 1, 20), (2, "Đảng ủy xã Tân Thông Hội", 1, 0, 1)]
    listed = {row[5]: row[8:] for row in rows(workbook, "Yêu cầu")}
    assert listed == {"Quá hạn 20 ngày.": ("Quá hạn 20 ngày", 20, None), "Còn 5 ngày.": ("Còn 5 ngày", 0, 5),
                      "Quá hạn 1 ngày.": ("Quá hạn 1 ngày", 1, None)}
    assert "có 2 yêu cầu khắc phục đã quá hạn và 1 yêu cầu sẽ đến hạn trong 14 ngày tới" in text
    assert "BÁO CÁO" in text and "-BC/BTCTU" in text


def test_digest_window_is_a_parameter_and_the_scope_is_a_subtree(tree, due):
    workbook, _text = generate(OVERDUE_DIGEST, tree.q3, "2019-06-30", within_days=30)
    assert rows(workbook, "Theo tổ chức") == [(1, "Quận ủy Quận 3", 1, 2, 20)]


# --- program progress ----------------------------------------------------------------------
@pytest.fixture
def program(tree, board):
    """2019: item 1 done on time, item 2 done late, item 3 never started; item 4 is for 2020."""
    topic = Topic.objects.get(code="quality_rating")

    def item(order, start, end):
        return {"order": order, "topic": topic, "title": f"Nội dung {order}", "responsible": tree.city,
                "planned_start": start, "planned_end": end, "target_organizations": [tree.q3]}

    made = services.program_create(user=board, authority=tree.city, year=2019, title="Chương trình năm 2019", items=[
        item(1, D(2019, 4, 1), D(2019, 6, 30)), item(2, D(2019, 5, 1), D(2019, 7, 31)),
        item(3, D(2019, 10, 1), D(2019, 12, 15)), item(4, D(2020, 1, 1), D(2020, 3, 31))])
    items = list(made.items.order_by("order"))
    issued(tree, board, targets=[tree.q3], issued_on=D(2019, 6, 20), program_item=items[0], requirements=[])
    issued(tree, board, targets=[tree.q3], issued_on=D(2019, 9, 10), program_item=items[1], requirements=[])
    # outside the program: decided on 1/8/2019, under way from 15/8/2019
    extra = walk(tree, board, targets=[tree.cuchi]).inspection
    services.inspection_decide(user=board, inspection=extra, at=at(D(2019, 8, 1)))
    services.inspection_start(user=board, inspection=extra, actual_start=D(2019, 8, 15), at=at(D(2019, 8, 15)))
    walk(tree, board, targets=[tree.cuchi])  # a draft recorded today: it did not exist in 2019
    return items


def test_program_progress_names_the_late_items_and_counts_inspections_by_their_status_then(tree, program):
    workbook, text = generate(PROGRAM_PROGRESS, tree.city, "2019")
    states = {row[2]: (row[9], row[10]) for row in rows(workbook, "Nội dung chương trình")}
    assert states == {"Nội dung 1": ("Đã hoàn thành", "Không"), "Nội dung 2": ("Đã hoàn thành", "Có"),
                      "Nội dung 3": ("Chậm so với kế hoạch", "Có")}
    assert "có 3 nội dung theo kế hoạch năm 2019: 2 nội dung đã hoàn thành" in text
    assert "1 nội dung chậm so với kế hoạch" in text
    assert ("Các nội dung chậm so với kế hoạch: “Nội dung 2” (kế hoạch đến 31/7/2019, hoàn thành ngày "
            "10/9/2019); “Nội dung 3” (kế hoạch đến 15/12/2019).") in text  # running text: HD 36 dates
    # the two of the program had their notices out by then; a draft recorded today did not exist yet
    assert rows(workbook, "Theo trạng thái") == [("Đang tiến hành", 1), ("Đã có thông báo kết luận", 2)]


def test_program_progress_in_the_middle_of_the_year(tree, program):
    workbook, _text = generate(PROGRAM_PROGRESS, tree.city, "2019-01-01..2019-08-31")
    states = {row[2]: row[9] for row in rows(workbook, "Nội dung chương trình")}
    assert states == {"Nội dung 1": "Đã hoàn thành", "Nội dung 2": "Chậm so với kế hoạch"}
    # the second of the program was recorded later with no step dated before September; the third was
    # only decided by the end of July
    assert rows(workbook, "Theo trạng thái") == [("Đang tiến hành", 1), ("Đã có thông báo kết luận", 1)]


def test_program_progress_of_a_month_and_of_a_day(tree, program):
    workbook, _text = generate(PROGRAM_PROGRESS, tree.city, "2019-07")
    # item 2 runs to 31/7 and its inspection had started (6/5): on schedule on the last day of July
    assert {row[2]: row[9] for row in rows(workbook, "Nội dung chương trình")} == {"Nội dung 2": "Đúng tiến độ"}
    workbook, text = generate(PROGRAM_PROGRESS, tree.city, "2019-08-10")
    assert rows(workbook, "Nội dung chương trình") == [] and "Không có nội dung chương trình nào trong kỳ." in text
    assert rows(workbook, "Theo trạng thái") == [("Đã quyết định thành lập đoàn", 1), ("Đã có thông báo kết luận", 1)]


# --- annual summary ------------------------------------------------------------------------
@pytest.fixture
def year_2019(tree, board):
    topic = Topic.objects.get(code="quality_rating")
    strength = {"organization": tree.q3, "topic": topic, "kind": FindingKind.STRENGTH,
                "text": "Chủ động cụ thể hóa tiêu chí đánh giá."}
    _i, _c, (q3, cuchi) = issued(tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 7, 2), code="KT-A",
                                 findings=[strength], requirements=[
        (tree.q3, "Khắc phục ở Quận 3.", D(2019, 9, 30)), (tree.cuchi, "Khắc phục ở Củ Chi.", D(2019, 9, 30))])
    verify(board, q3, D(2019, 9, 1))
    issued(tree, board, targets=[tree.cuchi], issued_on=D(2019, 10, 1), code="KT-B",
           requirements=[(tree.cuchi, "Yêu cầu thứ hai ở Củ Chi.", D(2020, 3, 31))])
    issued(tree, board, targets=[tree.q3], issued_on=D(2020, 2, 1), code="KT-C", requirements=[])  # next year's
    for year, organizations in ((2019, [tree.q3, tree.q3_ward, tree.cuchi]), (2018, [tree.cuchi])):
        run = RuleCheckRun.objects.create(scope=tree.city, period_start=D(year, 1, 1), period_end=D(year, 12, 31),
                                          status=RunStatus.DONE)
        for organization in organizations:
            RuleCheckResult.objects.create(run=run, rule_code="QR-1", severity=Severity.HIGH,
                                           organization=organization, outcome=Outcome.BREACH)
        RuleCheckResult.objects.create(run=run, rule_code="CM-1", severity=Severity.LOW, organization=tree.q3,
                                       outcome=Outcome.PASS)


def test_annual_summary_counts_the_year(tree, year_2019, monkeypatch):
    from types import SimpleNamespace

    from rules.base import REGISTRY

    monkeypatch.setitem(REGISTRY, "QR-1", SimpleNamespace(title="Tỷ lệ đảng viên xếp loại HTXSNV"))
    workbook, text = generate(ANNUAL_SUMMARY, tree.city, "2019")
    assert [row[0] for row in rows(workbook, "Cuộc kiểm tra")] == ["KT-A", "KT-B"]  # in order of conclusion
    assert rows(workbook, "Tổ chức được kiểm tra") == [("Quận ủy Quận 3",), ("Huyện ủy Củ Chi",)]
    assert rows(workbook, "Theo nội dung") == [
        (1, "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên", 1, 3)]
    assert rows(workbook, "Hạn chế lặp lại") == [(1, "tu-phe-binh-yeu", 2, 3)]
    assert dict(rows(workbook, "Khắc phục"))["Đã hoàn thành"] == 1
    assert dict(rows(workbook, "Khắc phục"))["Tổng số"] == 3
    assert rows(workbook, "Kiểm tra theo quy định") == [("QR-1", "Tỷ lệ đảng viên xếp loại HTXSNV", 3, 0)]
    assert len(rows(workbook, "Kết quả kiểm tra")) == 4
    assert "đã kết luận 2 cuộc kiểm tra đối với 2 tổ chức đảng" in text
    assert "ghi nhận 1 ưu điểm và 3 hạn chế, khuyết điểm" in text
    assert "tỷ lệ hoàn thành 33,3 %" in text
    # the signed document spells the rule's abbreviation out; the spreadsheet keeps the data as it is
    assert "Tỷ lệ đảng viên xếp loại “Hoàn thành xuất sắc nhiệm vụ”" in text and "HTXSNV" not in text


def test_a_year_without_records_is_said_in_words_not_in_zeros(tree):
    """No "0 nội dung", no "(tỷ lệ hoàn thành —)", no "0 %": what there is not is said so."""
    _workbook, summary = generate(ANNUAL_SUMMARY, tree.q3, "2018")
    assert "Chương trình kiểm tra, giám sát năm 2018 chưa có nội dung." in summary
    assert "chưa có cuộc kiểm tra nào được kết luận" in summary
    assert "chưa có yêu cầu khắc phục nào đang được theo dõi" in summary
    _workbook, progress = generate(PROGRAM_PROGRESS, tree.q3, "2018")
    assert "chưa có nội dung theo kế hoạch năm 2018" in progress
    _workbook, digest = generate(OVERDUE_DIGEST, tree.q3, "2018-06-30")
    assert "không có yêu cầu khắc phục nào quá hạn hoặc sẽ đến hạn trong 14 ngày tới" in digest
    for text in (summary, progress, digest):
        assert not re.search(r"(?<![\d.,/])0 (nội dung|cuộc|yêu cầu|tổ chức|ưu điểm|hạn chế)", text), text
        assert "—" not in text and " 0 %" not in text


def test_annual_summary_of_a_subtree(tree, year_2019):
    workbook, text = generate(ANNUAL_SUMMARY, tree.q3, "2019")
    assert rows(workbook, "Tổ chức được kiểm tra") == [("Quận ủy Quận 3",)]
    assert rows(workbook, "Theo nội dung") == [
        (1, "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên", 1, 1)]
    from rules.base import REGISTRY

    assert rows(workbook, "Kiểm tra theo quy định") == [("QR-1", str(REGISTRY["QR-1"].title), 2, 0)]
    assert dict(rows(workbook, "Khắc phục"))["Tổng số"] == 1
    assert "Củ Chi" not in text

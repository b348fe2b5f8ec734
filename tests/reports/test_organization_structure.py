"""The organization-structure kind, end to end through the real renderers."""
import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from core.services import SYSTEM
from organizations.choices import OrganizationKind as K
from reports.kinds import ORGANIZATION_STRUCTURE
from reports.periods import parse_period
from reports.services import report_generate, report_request
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_structure_report_counts_the_subtree_as_of_the_period_end(tree):
    OrganizationFactory(parent=tree.q3, name="Đảng ủy phường 9", code="q3-p9")
    OrganizationFactory(parent=tree.q3, name="Chi bộ đã giải thể", code="q3-old",
                        kind=K.GRASSROOTS_CELL, valid_to=datetime.date(2018, 6, 30))
    report, _ = report_request(user=SYSTEM, kind=ORGANIZATION_STRUCTURE, scope=tree.city, period=parse_period("2019"),
                               enqueue=False)
    report = report_generate(report_id=report.pk)
    assert report.status == "done", report.error
    files = {f.format: f for f in report.files.all()}
    assert set(files) == {"docx", "pdf", "xlsx"}

    workbook = load_workbook(io.BytesIO(files["xlsx"].file.read()))
    listing = workbook["Danh sách tổ chức"]
    names = [row[1] for row in listing.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 8 and "Chi bộ đã giải thể" not in names  # closed before 31/12/2019
    per_child = {row[1]: row[2:] for row in workbook["Đơn vị trực thuộc"].iter_rows(min_row=2, values_only=True)}
    # columns: grassroots, partial, cell, total (the unit itself included)
    assert per_child["Quận ủy Quận 3"] == (2, 0, 1, 4)
    assert per_child["Huyện ủy Củ Chi"] == (1, 0, 1, 3)

    document = Document(io.BytesIO(files["docx"].file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "tổng cộng 8 tổ chức đảng đang hoạt động" in text
    assert "Thành ủy Thành phố Hồ Chí Minh" in text

    pdf = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"].file.read())).pages).split())
    assert "BÁO CÁO" in pdf and "Cơ cấu tổ chức đảng thuộc Thành ủy Thành phố Hồ Chí Minh" in pdf
    assert "-BC/BTCTU" in pdf and "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf


def test_the_organization_listing_is_streamed_not_loaded(tree):
    """The detail rows reach the spreadsheet as a generator over a chunked
    queryset iterator: nothing is fetched until the XLSX writer pulls it."""
    import inspect

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.builders.organization_structure import build

    report, _ = report_request(user=SYSTEM, kind=ORGANIZATION_STRUCTURE, scope=tree.city, period=parse_period("2019"),
                               enqueue=False)
    seen = []
    built = build(report, seen.append)
    assert seen[0] == 5 and seen[-1] == 100
    headers, rows = built.sheets["Danh sách tổ chức"]
    assert inspect.isgenerator(rows)
    with CaptureQueriesContext(connection) as ctx:
        first = next(rows)
    assert len(ctx.captured_queries) == 1 and "depth" in ctx.captured_queries[0]["sql"]
    assert first[:2] == ["tu", "Thành ủy Thành phố Hồ Chí Minh"] and len(first) == len(headers)

"""Reports over many notices stay readable documents: past DOCUMENT_NOTICES the
follow-up shows one summary row per notice (the most behind), the detail goes
to the spreadsheet."""
import datetime

import pytest
from django.utils import timezone

from bench.synthetic import generate
from core.services import SYSTEM
from organizations.models import Organization
from reports import kinds
from reports.builders import remediation_followup
from reports.periods import period_between
from reports.rendering import Paragraph, Table
from reports.services import report_request

pytestmark = pytest.mark.django_db


def _build(monkeypatch, notices):
    monkeypatch.setattr(remediation_followup, "DOCUMENT_NOTICES", notices)
    generate(scale="small", seed=7)
    today = timezone.localdate()
    report, _created = report_request(user=SYSTEM, kind="remediation_followup",
                                      scope=Organization.objects.get(code="s1-tu"),
                                      period=period_between(datetime.date(today.year, 1, 1), today), enqueue=False)
    return kinds.get_kind("remediation_followup").builder(report, lambda percent: None)


def test_many_notices_make_one_summary_table_and_the_detail_stays_in_the_spreadsheet(monkeypatch):
    built = _build(monkeypatch, 3)
    blocks = built.party_document.blocks
    lead = next(b for b in blocks if isinstance(b, Paragraph) and "thông báo kết luận có yêu cầu" in b.text)
    summary = blocks[blocks.index(lead) + 1]
    assert isinstance(summary, Table) and summary.columns[:3] == ["STT", "Thông báo kết luận", "Số đơn vị"]
    assert len(summary.rows) > 3
    headers, rows = built.sheets["Theo cuộc kiểm tra"]
    assert len({row[0] for row in rows}) == len(summary.rows)  # every notice, by organization, in the sheet
    overdue = [row[-1] for row in summary.rows]
    assert overdue == sorted(overdue, reverse=True)  # the most behind first


def test_few_notices_keep_their_own_tables(monkeypatch):
    built = _build(monkeypatch, 100)
    tables = [b for b in built.party_document.blocks if isinstance(b, Table)]
    assert not any(t.columns[:2] == ["STT", "Thông báo kết luận"] for t in tables)
    assert sum(1 for t in tables if t.columns[:2] == ["STT", "Tổ chức được kiểm tra"]) > 3


def test_the_overdue_digest_lists_the_most_behind_organizations_and_all_of_them_in_the_spreadsheet(monkeypatch):
    from reports.builders import overdue_digest
    from reports.periods import scheduled_period

    monkeypatch.setattr(overdue_digest, "DOCUMENT_ROWS", 2)
    generate(scale="small", seed=7)
    report, _created = report_request(user=SYSTEM, kind="overdue_digest", scope=Organization.objects.get(code="s1-tu"),
                                      period=scheduled_period("week", timezone.localdate()), enqueue=False)
    built = kinds.get_kind("overdue_digest").builder(report, lambda percent: None)
    blocks = built.party_document.blocks
    table = next(b for b in blocks if isinstance(b, Table) and b.columns[1] == "Tổ chức chịu trách nhiệm")
    note = blocks[blocks.index(table) + 1]
    _headers, groups = built.sheets["Theo tổ chức"]
    assert len(table.rows) == 2 and len(groups) > 2
    assert isinstance(note, Paragraph) and f"2/{len(groups)} tổ chức" in note.text
    assert [row[2] for row in table.rows] == sorted((row[2] for row in groups), reverse=True)[:2]


def test_requirement_reports_read_their_rows_in_a_constant_number_of_statements(monkeypatch):
    """The rows load only the columns the reports show: a deferred column read per row would show here."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspection.models import RemediationRequirement

    monkeypatch.setattr(remediation_followup, "DOCUMENT_NOTICES", 3)
    generate(scale="small", seed=7)
    today = timezone.localdate()
    city = Organization.objects.get(code="s1-tu")
    report, _created = report_request(user=SYSTEM, kind="remediation_followup", scope=city,
                                      period=period_between(datetime.date(today.year, 1, 1), today), enqueue=False)
    with CaptureQueriesContext(connection) as queries:
        built = kinds.get_kind("remediation_followup").builder(report, lambda percent: None)
        rows = sum(1 for _title, (_headers, sheet_rows) in built.sheets.items() for _row in sheet_rows)
        document = built.party_document
        text = " ".join(str(getattr(block, "text", "")) for block in document.blocks)
    assert rows > RemediationRequirement.objects.count() > 40 and text
    assert len(queries.captured_queries) < 20

"""Work done by the Celery worker (every report kind for the whole city and
one district, a whole-city rule run: time and the worker's peak RSS) and the
10,000-row cadre import (in process)."""
import datetime
import io
import resource
import time

from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from bench.processes import PeakRss
from cadres.import_sheets import CADRE_SHEET, build_template
from cadres.importing import import_workbook
from cadres.models import Cadre
from core.services import SYSTEM
from organizations.models import Organization
from reports import kinds
from reports.choices import ReportStatus
from reports.models import Report
from reports.periods import scheduled_period
from reports.services import report_request
from rules.choices import RunStatus
from rules.models import RuleCheckRun
from rules.services import check_run_create, check_run_enqueue

TIMEOUT = 900
MB = 1024 * 1024
TARGET_SECONDS, TARGET_MB = 60, 500
RULE_TARGET_SECONDS, IMPORT_TARGET_SECONDS, IMPORT_ROWS = 30, 30, 10_000


def _wait(model, pk, done_statuses):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        obj = model.objects.get(pk=pk)
        if obj.status in done_statuses:
            return obj
        time.sleep(0.5)
    return model.objects.get(pk=pk)


def run_reports(p, worker):
    rows = []
    today = timezone.localdate()
    for code in sorted(kinds._REGISTRY):
        kind = kinds.get_kind(code)
        for scope, label in ((p.city, "whole city"), (p.district, "one district")):
            period = scheduled_period(kind.period_type, today)
            started = time.perf_counter()
            with PeakRss(worker) as rss:
                report, _created = report_request(user=SYSTEM, kind=code, scope=scope, period=period, regenerate=True)
                report = _wait(Report, report.pk, (ReportStatus.DONE, ReportStatus.FAILED))
            seconds = round(time.perf_counter() - started, 1)
            sizes = {f.format: f.file.size for f in report.files.all()} if report.status == ReportStatus.DONE else {}
            peak = round(rss.peak / MB)
            row = {"name": f"{code}: {label}", "kind": code, "scope": label, "period": period.key,
                   "status": report.status, "seconds": seconds, "peak_rss_mb": peak,
                   "sizes_kb": {k: round(v / 1024) for k, v in sizes.items()}, "error": report.error[:300],
                   "meets": report.status == ReportStatus.DONE and seconds < TARGET_SECONDS and peak < TARGET_MB}
            print(row)
            rows.append(row)
    return rows


def run_rules(p, worker):
    last = timezone.localdate().year - 1
    started = time.perf_counter()
    with PeakRss(worker) as rss:
        run = check_run_create(user=SYSTEM, scope=p.city, period_start=datetime.date(last, 1, 1),
                               period_end=datetime.date(last, 12, 31))
        check_run_enqueue(run)
        run = _wait(RuleCheckRun, run.pk, (RunStatus.DONE, RunStatus.FAILED))
    seconds = round(time.perf_counter() - started, 1)
    row = {"name": f"rule run: whole city, {last}", "status": run.status, "seconds": seconds,
           "rules": len(run.rule_codes), "results": run.results.count(), "peak_rss_mb": round(rss.peak / MB),
           "error": (run.error or "")[:300], "meets": run.status == RunStatus.DONE and seconds < RULE_TARGET_SECONDS}
    print(row)
    return [row]


def import_file(rows=IMPORT_ROWS):
    """A filled-in import template: `rows` new cadres spread over the grassroots committees."""
    template = io.BytesIO()
    build_template(template)
    template.seek(0)
    workbook = load_workbook(template)
    sheet = workbook[CADRE_SHEET.title]
    orgs = list(Organization.objects.filter(code__startswith="s1-q", kind="grassroots_committee",
                                            valid_to__isnull=True).order_by("path").values_list("code", flat=True))
    for n in range(rows):
        values = {"code": f"bench-imp-{n:05d}", "full_name": f"Nguyễn Văn Nhập {n}", "birth_date": "15/03/1985",
                  "gender": "Nam", "ethnicity": "Kinh", "organization": orgs[n % len(orgs)],
                  "party_joined_on": "19/05/2010", "theory_level": "Trung cấp",
                  "theory_level_obtained_on": "30/06/2015", "education_level": "Đại học"}
        sheet.append([values.get(column.key, "") for column in CADRE_SHEET.columns])
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "bench-import.xlsx"
    return out


def run_import(p):
    Cadre.objects.filter(code__startswith="bench-imp-").delete()
    upload = import_file()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queries_before = len(connection.queries) if connection.queries_logged else None
    started = time.perf_counter()
    result = import_workbook(upload, user=SYSTEM, filename="bench-import.xlsx")
    seconds = round(time.perf_counter() - started, 1)
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    row = {"name": f"cadre import: {IMPORT_ROWS} rows", "seconds": seconds, "saved": result.saved if hasattr(
        result, "saved") else None, "counts": result.counts, "errors": len(result.errors),
        "rss_growth_mb": growth, "queries": queries_before,
        "meets": not result.errors and seconds < IMPORT_TARGET_SECONDS}
    print(row)
    return [row]

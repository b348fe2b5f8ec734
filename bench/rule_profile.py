"""The whole-city rule run, in process, without the worker: seconds, statements
and peak RSS of one run, and each rule's own statements and seconds.

    DATABASE_URL=postgres://… python bench/rule_profile.py [--year 2025] [--per-rule [--alone]] [--dump out.json]

`--dump` writes every result of the run (rule, organization, outcome, measure,
message, parameters, evidence, regulation) sorted, to compare two versions of
the rules on the same data. Never part of the unit tests or of `make bench`.
"""
import argparse
import datetime
import json
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")  # no query log kept in memory


class Statements:
    """Counts the statements sent while active (connection.execute_wrapper)."""

    def __init__(self, connection):
        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def whole_run(city, start, end, dump=None):
    from django.db import connection

    from core.services import SYSTEM
    from rules.services import check_run_create, check_run_execute

    run = check_run_create(user=SYSTEM, scope=city, period_start=start, period_end=end)
    started, cpu = time.perf_counter(), time.process_time()
    with Statements(connection) as statements:
        run = check_run_execute(run_id=run.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    row = {"status": run.status, "error": run.error[:300], "seconds": round(seconds, 1),
           "python_cpu_seconds": round(cpu, 1), "rules": len(run.rule_codes),
           "results": run.results.count(), "statements": statements.count,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "outcomes": dict(Counter(run.results.values_list("outcome", flat=True)))}
    if dump:
        rows = sorted(
            run.results.values_list("rule_code", "organization_id", "outcome", "measured", "threshold", "message",
                                    "params", "evidence", "regulation", "applied"),
            key=lambda r: (r[0], r[1]))
        Path(dump).write_text(json.dumps(rows, ensure_ascii=False, default=str, indent=0))
    return row


def per_rule(city, start, end, alone=False):
    """Each rule's results, statements and seconds as the run meets them: in
    code order, the figures several rules read shared (the first reader pays),
    the cyclic collector paused (rules.services.cyclic_gc_paused); `alone`:
    each rule on its own, the collector on. Nothing is stored."""
    import gc

    from django.db import connection

    from rules.base import Context
    from rules.services import rules_in_force

    rows, shared = [], {}
    enabled = gc.isenabled()
    if not alone:
        gc.disable()
    try:
        for rule in rules_in_force(start, end):
            clipped = rule.clip(start, end)
            ctx = Context(period_start=clipped[0], period_end=clipped[1], thresholds=dict(rule.defaults), scope=city,
                          run_start=start, run_end=end, shared={} if alone else shared)
            started, cpu = time.perf_counter(), time.process_time()
            with Statements(connection) as statements:
                count = sum(1 for _result in rule.evaluate_many(rule.active_targets(city, ctx), ctx))
            rows.append({"rule": rule.code, "results": count, "statements": statements.count,
                         "seconds": round(time.perf_counter() - started, 2),
                         "python_cpu_seconds": round(time.process_time() - cpu, 2)})
    finally:
        if enabled:
            gc.enable()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=datetime.date.today().year - 1)
    parser.add_argument("--per-rule", action="store_true")
    parser.add_argument("--alone", action="store_true", help="with --per-rule: each rule on its own, the collector on")
    parser.add_argument("--dump", default="")
    args = parser.parse_args()
    import django

    django.setup()
    from organizations.models import Organization

    city = Organization.objects.get(code="s1-tu")  # the generated city (bench.lists)
    start, end = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    if args.per_rule:
        for row in per_rule(city, start, end, alone=args.alone):
            print(json.dumps(row))
    else:
        print(json.dumps(whole_run(city, start, end, args.dump or None), ensure_ascii=False))


if __name__ == "__main__":
    main()

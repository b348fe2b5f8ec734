"""The API list pages in process, without gunicorn or load: for each page its
statements (at 10 and 50 rows), the median of N requests after a warm-up, the
part of it spent outside the database (`python_ms`: request time less the time
of its statements; `cpu_ms`: this process's CPU time, which other work on the
machine does not inflate), the bare-SQL floor of its page query and its
slowest statement.

    DATABASE_URL=postgres://…/h_city nice python bench/list_timing.py [--repeat 10] [--explain] [--profile findings]

The user is an API client whose scope is the whole city, created inside a
transaction rolled back at the end (measure.city_api_client): the measured
database is left as it was.
`--explain` prints EXPLAIN ANALYZE of each page's slowest statement;
`--profile LABEL` prints cProfile's top functions for the pages whose label
holds LABEL. Results: bench/results/lists-city.md."""
import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")  # no query log kept in memory

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import measure  # noqa: E402
from organizations.models import Organization  # noqa: E402

TABLES = {
    "findings": "inspection_finding", "requirements": "inspection_remediationrequirement",
    "cell meetings": "organizations_cellmeeting", "organizations": "organizations_organization",
    "topics": "inspection_topic",
}


def pages(city, district):
    deep = max(1, int(Organization.objects.within(city).count() * 0.8) // 50)
    return [
        ("topics (no page: the framework's own cost)", "/api/v1/topics/"),
        ("findings", "/api/v1/findings/?page_size={size}"),
        ("requirements", "/api/v1/remediation-requirements/?page_size={size}"),
        ("findings within a district", f"/api/v1/findings/?within={district.pk}&page_size={{size}}"),
        ("requirements within a district",
         f"/api/v1/remediation-requirements/?within={district.pk}&page_size={{size}}"),
        ("cell meetings", "/api/v1/cell-meetings/?page_size={size}"),
        ("cell meetings within a district", f"/api/v1/cell-meetings/?within={district.pk}&page_size={{size}}"),
        ("organizations within a district", f"/api/v1/organizations/?within={district.pk}&page_size={{size}}"),
        ("organizations within the city, deep page",
         f"/api/v1/organizations/?within={city.pk}&page_size={{size}}&page={deep}"),
    ]


def rows(body):
    return body["results"] if isinstance(body, dict) else body


def timed(client, path):
    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, secure=True)
        total = (time.perf_counter() - started) * 1000
        timed.cpu_ms = (time.process_time() - cpu) * 1000
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    return total, sql_ms, captured.captured_queries, response


def measure_page(client, label, path, repeat):
    timed(client, path.format(size=10))  # a large total is counted once, then read from the cache
    statements_10 = len(timed(client, path.format(size=10))[2])
    _total, _sql, queries, response = timed(client, path.format(size=50))  # the warm-up
    totals, pythons, cpus = [], [], []
    for _ in range(repeat):
        total, sql_ms, queries, response = timed(client, path.format(size=50))
        totals.append(total)
        pythons.append(total - sql_ms)
        cpus.append(timed.cpu_ms)
    slowest = max(queries, key=lambda q: float(q["time"]))
    table = next(table for key, table in TABLES.items() if label.startswith(key))
    page_sql = next((q["sql"] for q in queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
                     and " LIMIT 50" in q["sql"] and "COUNT(" not in q["sql"][:60]), None)  # the page's rows
    return {
        "label": label, "path": path.format(size=50), "statements_10": statements_10,
        "statements_50": len(queries), "rows": len(rows(response.json())),
        "median_ms": round(statistics.median(totals), 1), "python_ms": round(statistics.median(pythons), 1),
        "cpu_ms": round(statistics.median(cpus), 1),
        "floor_ms": measure.floor_ms(page_sql) if page_sql else None,
        "slowest_statement_ms": round(float(slowest["time"]) * 1000, 1),
        "load_average": round(os.getloadavg()[0], 2),
    }, slowest["sql"]


def profile(client, path, top=35):
    client.get(path, secure=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(path, secure=True)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    out.write("\n--- by own time ---\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest statement")
    parser.add_argument("--profile", default="", help="cProfile the pages whose label holds this")
    parser.add_argument("--only", default="", help="measure only the pages whose label holds this")
    args = parser.parse_args()
    results = []
    with measure.city_api_client("bench-lists-api") as (client, city, district):
        for label, path in pages(city, district):
            if args.only not in label:
                continue
            if args.profile and args.profile in label:
                print(profile(client, path.format(size=50)), flush=True)
                continue
            row, slowest = measure_page(client, label, path, args.repeat)
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if args.explain:
                print(measure.explain(slowest), flush=True)
    print(json.dumps({"date": timezone.now().isoformat(timespec="minutes"), "results": results},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()

"""The as-of requirement list in process, without gunicorn or load:
statements per page and the median of N requests after a warm-up, for the
first page, a district-filtered page and `status=overdue`, each as of
1 October of last year and without `as_of`.

    DATABASE_URL=postgres://…/h_perf nice python bench/asof_timing.py [--repeat 10] [--explain]

Read only: the API client user is created inside a transaction that is rolled
back at the end, so the measured database is left as it was. `--explain` prints
EXPLAIN ANALYZE of each page query. Results: bench/results/asof-city.md."""
import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")  # no query log kept in memory

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import measure  # noqa: E402
from organizations.choices import Role  # noqa: E402
from organizations.models import Organization, User  # noqa: E402

LIST = "/api/v1/remediation-requirements/"


class Rollback(Exception):
    pass


def pages(district, day):
    cases = [("first page", "page_size=50"), ("a district", f"page_size=50&within={district.pk}"),
             ("status=overdue", "page_size=50&overdue=true")]
    for label, query in cases:
        yield f"{label}, as of {day.isoformat()}", f"{LIST}?{query}&as_of={day.isoformat()}"
        yield f"{label}, today (stored values)", f"{LIST}?{query}"


def measure_page(client, path, repeat, explain_slowest=False):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)  # the warm-up, counted
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    sqls = [q["sql"] for q in captured.captured_queries]
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    page_sql = measure.page_query(sqls, "inspection_remediationrequirement")
    return {"statements": len(sqls), "median_ms": round(statistics.median(times), 1),
            "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
            "rows": len(response.json().get("results", [])), "slowest_statement_ms": round(
                float(slowest["time"]) * 1000, 1)}, slowest["sql"] if explain_slowest else page_sql


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page query")
    parser.add_argument("--explain-slowest", action="store_true", help="EXPLAIN ANALYZE the slowest statement")
    parser.add_argument("--only", default="", help="measure only the cases whose label contains this")
    args = parser.parse_args()
    day = datetime.date(timezone.localdate().year - 1, 10, 1)
    results = []
    try:
        with transaction.atomic():
            city, district = Organization.objects.get(code="s1-tu"), Organization.objects.get(code="s1-q2")
            user = User.objects.create(username="bench-asof-api", role=Role.API_CLIENT)
            user.organizations.set([city])
            client = measure.client_for(user)
            for label, path in pages(district, day):
                if args.only not in label:
                    continue
                row, page_sql = measure_page(client, path, args.repeat, args.explain_slowest)
                row.update(label=label, path=path, load_average=round(os.getloadavg()[0], 2))
                results.append(row)
                print(json.dumps(row), flush=True)
                if (args.explain or args.explain_slowest) and page_sql:
                    print(explain(page_sql), flush=True)
            raise Rollback
    except Rollback:
        pass
    print(json.dumps({"date": timezone.now().isoformat(timespec="minutes"), "as_of": day.isoformat(),
                      "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""The dashboard in process (Django test client, production settings, no
HTTP server): cold (cache cleared before each request) and cached, for each
user given, median of N requests after one warm-up, with the statement count
and the slowest statements of one cold request.

    DATABASE_URL=postgres://… REDIS_URL=redis://127.0.0.1:6379/N \
        nice python bench/dashboard_timing.py [--repeat 10] [--who admin,leader,district] [--json out.json]

Users are bench/lists.py's (bench-admin, bench-leader of the city, bench-district-leader).
Never part of the unit tests or of `make bench`.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rule_profile import Statements  # noqa: E402 (after the path)

USERS = {"admin": "bench-admin", "leader": "bench-leader", "district": "bench-district-leader"}


class Timed(Statements):
    """Each statement sent while active, with its milliseconds."""

    def __init__(self, connection):
        super().__init__(connection)
        self.rows = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.rows.append(((time.perf_counter() - start) * 1000, sql))


def _get(client, path):
    start = time.perf_counter()
    response = client.get(path, secure=True)
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - start) * 1000


def measure(username, path, repeat):
    from django.core.cache import cache
    from django.db import connection

    from bench.measure import client_for
    from organizations.models import User

    client = client_for(User.objects.get(username=username))
    cache.clear()
    _get(client, path)  # warm-up: connection, templates, session
    cold, cached = [], []
    for _ in range(repeat):
        cache.clear()
        cold.append(_get(client, path))
        cached.append(_get(client, path))
    cache.clear()
    with Timed(connection) as timed:
        _get(client, path)
    slowest = sorted(timed.rows, reverse=True)[:5]
    return {"cold_ms": round(statistics.median(cold), 1), "cached_ms": round(statistics.median(cached), 1),
            "cold_min_ms": round(min(cold), 1), "cold_max_ms": round(max(cold), 1),
            "statements": len(timed.rows), "sql_ms": round(sum(ms for ms, _sql in timed.rows), 1),
            "slowest": [{"ms": round(ms, 1), "sql": sql[:160]} for ms, sql in slowest]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--who", default="admin,leader,district")
    parser.add_argument("--path", default="/dashboard/")
    parser.add_argument("--json")
    args = parser.parse_args()
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING", "AXES_ENABLED": "false", "DB_CONN_MAX_AGE": "60",
    })
    import django

    django.setup()
    out = {"load_average_start": [round(x, 2) for x in os.getloadavg()], "path": args.path,
           "repeat": args.repeat, "users": {}}
    for who in args.who.split(","):
        out["users"][who] = measure(USERS[who], args.path, args.repeat)
        print(who, json.dumps(out["users"][who], ensure_ascii=False, indent=1))
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print("load average", out["load_average_start"], "→", out["load_average_end"])
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()

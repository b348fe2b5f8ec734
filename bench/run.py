"""Benchmarks with goals. Run with `make bench` (SQLite file var/bench.sqlite3)
or with DATABASE_URL pointing at PostgreSQL. Prints one line per measure and
exits 1 when a goal is missed. Not part of the unit tests on purpose."""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import generate  # noqa: E402
from organizations.choices import Role  # noqa: E402
from organizations.models import Organization, User  # noqa: E402


def timed(fn, repeat=15):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    city = generate()
    total = Organization.objects.count()
    print(f"data: {total} organizations (generated/checked in {time.perf_counter() - started:.1f} s)")
    district = Organization.objects.filter(parent=city).order_by("path").first()
    user, _ = User.objects.get_or_create(username="bench-leader", defaults={"role": Role.LEADER})
    user.organizations.set([district])
    client = Client()
    client.force_login(user)

    results = []

    def measure(name, fn, goal_ms, queries_goal=None):
        counter = []
        with connection.execute_wrapper(lambda execute, sql, params, many, context: (
                counter.append(sql), execute(sql, params, many, context))[1]):
            response = fn()
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise SystemExit(f"{name}: HTTP {status}")
        median = timed(fn)
        ok = median <= goal_ms and (queries_goal is None or len(counter) <= queries_goal)
        results.append(ok)
        q = f", {len(counter)} queries (goal ≤ {queries_goal})" if queries_goal else ""
        print(f"{'PASS' if ok else 'FAIL'}  {name}: median {median:.1f} ms (goal ≤ {goal_ms} ms){q}")

    measure("subtree count of the whole city", lambda: Organization.objects.within(city).count(), 60)
    measure("subtree rows of one district", lambda: list(Organization.objects.within(district)), 40)
    measure("scoped list for a district leader", lambda: Organization.objects.for_user(
        User.objects.get(pk=user.pk)).count(), 20)
    measure("search 'dang uy phuong 12' over the city",
            lambda: list(Organization.objects.search("dang uy phuong 12")[:50]), 150)
    measure("API /api/v1/organizations/ page of 50 (district leader)",
            lambda: client.get("/api/v1/organizations/?page_size=50"), 150, queries_goal=6)
    measure("API subtree filter within=<district>",
            lambda: client.get(f"/api/v1/organizations/?within={district.pk}&page_size=50"), 150, queries_goal=7)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

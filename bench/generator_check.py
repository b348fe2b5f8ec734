"""Generates synthetic data into an empty, migrated PostgreSQL database and
prints a fingerprint of what was written: per-table row counts and an md5 of
every table's ordered rows (ids included), so that two versions of the
generator can be shown to write the same data for a seed and a day.

    DATABASE_URL=postgres://... python bench/generator_check.py --scale city --today 2026-11-30 \
        [--upper 6] [--provinces 3] [--profile out.prof] [--fingerprint-only]

`--upper N` shrinks the scale to N districts (fast iterations), `--provinces N`
builds N city trees; `--profile` writes a cProfile of the generation. Columns
that hold the moment of the run (auto_now, date_joined, last_login, the random
unusable password) are left out of the checksums, and any date-time from the
start of `--today` on counts as null: it is the moment of the run (a default
of now, or a day clamped to now). With --fingerprint-only
and the day a run took place, it fingerprints what `generate_synthetic` wrote."""
import argparse
import cProfile
import datetime
import hashlib
import os
import sys
import time
from pathlib import Path

# CHECKOUT=/path/to/another/worktree: run that checkout's generator (a before/after comparison).
sys.path.insert(0, os.environ.get("CHECKOUT") or str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.synthetic import SCALES, generate  # noqa: E402

APPS = ("organizations", "cadres", "inspection")
MOMENT_FIELDS = {"date_joined", "last_login", "password"}  # password: a random unusable one


def _columns(model):
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or field.name in MOMENT_FIELDS:
            continue
        column = connection.ops.quote_name(field.column)
        if isinstance(field, models.DateTimeField):  # the moment of the run (a default, or clamped to now)
            column = f"CASE WHEN {column} < %(cut)s THEN {column} END"
        yield column


def fingerprint(today):
    cut = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    tables = {}
    for app in APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model.__name__.startswith("Historical"):
                continue
            tables[model._meta.db_table] = list(_columns(model)), connection.ops.quote_name(model._meta.pk.column)
    lines = []
    with connection.cursor() as cursor:
        for table, (columns, pk) in sorted(tables.items()):
            cursor.execute(f"SELECT count(*), md5(coalesce(string_agg(md5(row({', '.join(columns)})::text), '' "
                           f"ORDER BY {pk}), '')) FROM {connection.ops.quote_name(table)}", {"cut": cut})
            count, digest = cursor.fetchone()
            if count:
                lines.append(f"{table} {count} {digest}")
    whole = hashlib.md5("\n".join(lines).encode()).hexdigest()
    return lines, whole


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city", choices=sorted(SCALES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", default="2026-11-30")
    parser.add_argument("--upper", type=int, help="districts per city (a smaller scale)")
    parser.add_argument("--provinces", type=int, help="city trees (several: the cost of each later one)")
    parser.add_argument("--profile")
    parser.add_argument("--fingerprint-only", action="store_true")
    args = parser.parse_args()
    if not args.fingerprint_only:
        scale = args.scale
        if args.upper or args.provinces:
            base = SCALES[args.scale]
            upper, provinces = args.upper or base.upper, args.provinces or base.provinces
            scale = f"{args.scale}-{upper}x{provinces}"
            SCALES[scale] = type(base)(**{**base.__dict__, "upper": upper, "provinces": provinces,
                                          "reform_pairs": min(upper, base.reform_pairs)})
        today = datetime.date.fromisoformat(args.today)
        started = time.perf_counter()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        ctx = generate(scale=scale, seed=args.seed, today=today, log=print)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        print(f"{scale}: {sum(ctx.counts.values())} rows in {time.perf_counter() - started:.1f} s")
    lines, whole = fingerprint(datetime.date.fromisoformat(args.today))
    print("\n".join(lines))
    print(f"fingerprint {whole} ({len(lines)} tables)")


if __name__ == "__main__":
    main()

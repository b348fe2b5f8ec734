"""The benchmark (`make bench`): PostgreSQL at BENCH_DATABASE_URL, production
settings, gunicorn (2 workers) and one Celery worker, synthetic data at city
scale, then HTTP load, the dashboard, every report kind, a rule run and an
import. Results: bench/results/<label>.json and .md. Never part of the unit tests.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench
    .venv/bin/python bench/run.py --steps lists,dashboard --label after   # a subset
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STEPS = ("generate", "lists", "dashboard", "reports", "rules", "import", "changes")


def bench_env():
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url or not url.startswith("postgres"):
        raise SystemExit("Set BENCH_DATABASE_URL to a PostgreSQL database the benchmark may fill "
                         "(e.g. postgres://postgres@127.0.0.1:5432/bench).")
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": url,
        "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "false",
        "CELERY_BROKER_URL": env.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/8"),
        "REDIS_URL": env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "VAR_DIR": str(ROOT / "var" / "bench"), "LOG_LEVEL": "WARNING", "DB_CONN_MAX_AGE": "60",
        "AXES_ENABLED": "false",
    })
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--scale", default="city")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--label", default="latest")
    parser.add_argument("--note", default="")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--merge", action="store_true", help="keep the other steps of an existing <label>.json")
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    env = bench_env()
    os.environ.update(env)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    from bench import jobs, lists, output, processes
    from bench.synthetic import generate

    results = {"machine": output.machine(args.note), "scale": args.scale, "seed": args.seed, "steps": steps}
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production's manifest storage needs it
    if "generate" in steps:
        started = time.perf_counter()
        ctx = generate(scale=args.scale, seed=args.seed, log=print)
        results["generate"] = {"seconds": round(time.perf_counter() - started, 1), "rows": sum(ctx.counts.values()),
                               "counts": ctx.counts, "database_size": output.database_size()}
    if "generate" in steps:
        # A production server's autovacuum would have vacuumed the loaded tables (this machine's has it off):
        # without the visibility map the planner prices index probes as random heap reads.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log_dir = ROOT / "bench" / "results" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    web = worker = None
    try:
        if {"lists", "dashboard", "changes"} & set(steps):
            web = processes.start_web(env, log_dir, args.port)
        if {"reports", "rules"} & set(steps):
            worker = processes.start_worker(env, log_dir)
        people = lists.people()
        if "lists" in steps:
            results["lists"] = lists.run_lists(people, f"http://127.0.0.1:{args.port}")
        if "dashboard" in steps:
            results["dashboard"] = lists.run_dashboard(people, f"http://127.0.0.1:{args.port}")
        if "reports" in steps:
            results["reports"] = jobs.run_reports(people, worker)
        if "rules" in steps:
            results["rules"] = jobs.run_rules(people, worker)
        if "import" in steps:
            results["import"] = jobs.run_import(people)
        if "changes" in steps:  # after the import, whose rows fill the feed (generated data writes none)
            results["changes"] = lists.run_lists(people, f"http://127.0.0.1:{args.port}", lists.change_feed_endpoints())
    finally:
        for process in (web, worker):
            if process is not None:
                process.stop()
    results["machine"]["loadavg_end"] = output.loadavg()
    if args.merge:
        results = output.merged(ROOT / "bench" / "results", args.label, results)
    json_path, md_path = output.write(results, ROOT / "bench" / "results", args.label)
    print(md_path.read_text())
    print(f"written: {json_path.relative_to(ROOT)}, {md_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

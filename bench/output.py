"""The machine description and the results files (JSON and a Markdown table)."""
import datetime
import json
import os
import platform
import sys

from django.db import connection

from bench.causes import LOADED, cause_of


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _memory_gb():
    with open("/proc/meminfo") as f:
        return round(int(f.readline().split()[1]) / 1024 / 1024, 1)


def database_size():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def machine(note=""):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {"when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": _cpu(),
            "cores": os.cpu_count(), "memory_gb": _memory_gb(), "postgres": postgres,
            "python": sys.version.split()[0], "loadavg_start": loadavg(), "note": note}


def _ms(value):
    return "–" if value is None else f"{value:g}"


def _mark(row):
    if row.get("meets"):
        return "✅"
    return f"❌ {cause_of(row['name'])}".strip()


def markdown(results):
    m = results["machine"]
    lines = [f"# Benchmark results ({results['scale']} scale, seed {results['seed']})", "",
             f"{m['when']} · {m['cpu']} · {m['cores']} cores · {m['memory_gb']} GB · PostgreSQL {m['postgres']} · "
             f"Python {m['python']} · load average {m['loadavg_start']} at start, {m.get('loadavg_end', '?')} at end",
             ""]
    if m.get("note"):
        lines += [m["note"], ""]
    if "generate" in results:
        g = results["generate"]
        lines += [f"Generation: {g['rows']:,} rows in {g['seconds']} s; database {g['database_size']}.", ""]
    if results.get("lists"):
        lines += ["## API lists (8 clients, page of 50)", "", LOADED, "",
                  "| endpoint | as | median ms | p95 ms | req/s | queries (10 / 50 rows) | SQL floor ms | count ms "
                  "| ratio | target |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in results["lists"]:
            lines.append(f"| {r['name']} | {r['who']} | {_ms(r['median_ms'])} | {_ms(r['p95_ms'])} | {r['rps']} | "
                         f"{r['queries_10']} / {r['queries_50']} | {_ms(r['floor_ms'])} | {_ms(r.get('count_ms'))} | "
                         f"{_ms(r['ratio'])} | "
                         f"{_mark(r)} |")
        lines.append("")
    if results.get("dashboard"):
        lines += ["## Dashboard", "",
                  "| scope | cold ms | cached ms | median ms (8 clients) | p95 ms | req/s | target |",
                  "|---|---|---|---|---|---|---|"]
        for r in results["dashboard"]:
            lines.append(f"| {r['name']} | {r['cold_ms']} | {r['cached_ms']} | {_ms(r['median_ms'])} | "
                         f"{_ms(r['p95_ms'])} | {r['rps']} | {_mark(r)} |")
        lines.append("")
    if results.get("reports"):
        lines += ["## Reports (worker: one task at a time)", "",
                  "| report | period | status | seconds | peak worker RSS MB | DOCX / PDF / XLSX KB | target |",
                  "|---|---|---|---|---|---|---|"]
        for r in results["reports"]:
            sizes = " / ".join(str(r["sizes_kb"].get(k, "–")) for k in ("docx", "pdf", "xlsx"))
            lines.append(f"| {r['name']} | {r['period']} | {r['status']} | {r['seconds']} | {r['peak_rss_mb']} | "
                         f"{sizes} | {_mark(r)} {r.get('error', '')} |")
        lines.append("")
    for key, title in (("rules", "Rule run"), ("import", "Import")):
        for r in results.get(key, []):
            rss = "peak RSS in process" if r.get("in_process") else "peak worker RSS"
            extra = (f"{r['rules']} rules, {r['results']:,} results, {rss} {r['peak_rss_mb']} MB"
                     if key == "rules" else f"{r['errors']} row errors, RSS growth {r['rss_growth_mb']} MB")
            if r.get("statements") is not None:
                extra += f", {r['statements']:,} statements"
            lines.append(f"- **{title}** — {r['name']}: {r['seconds']} s ({extra}) {_mark(r)}")
            if r.get("note"):
                lines.append(f"  {r['note']}")
    return "\n".join(lines) + "\n"


def merged(directory, label, results):
    """The existing results of `label` with the steps of this run replacing theirs."""
    path = directory / f"{label}.json"
    if not path.exists():
        return results
    previous = json.loads(path.read_text())
    for step in results["steps"]:
        previous[step] = results.get(step)
    previous["steps"] = sorted(set(previous.get("steps", [])) | set(results["steps"]))
    previous.setdefault("runs", []).append({"steps": results["steps"], "machine": results["machine"]})
    return previous


def write(results, directory, label):
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / f"{label}.json", directory / f"{label}.md"
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    md_path.write_text(markdown(results))
    return json_path, md_path


if __name__ == "__main__":  # re-render a results file's Markdown: python -m bench.output bench/results/latest.json
    import pathlib

    source = pathlib.Path(sys.argv[1])
    source.with_suffix(".md").write_text(markdown(json.loads(source.read_text())))

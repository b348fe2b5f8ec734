"""Before/after table of two results files, for the README:

    python bench/compare.py bench/results/before.json bench/results/latest.json [--readme README.md]
"""
import json
import sys
from pathlib import Path

START, END = "<!-- bench-table -->", "<!-- /bench-table -->"


def _index(results):
    rows = {}
    for step in ("lists", "changes", "dashboard", "reports", "rules", "import"):
        for row in results.get(step) or []:
            rows[row["name"]] = (step, row)
    return rows


def _value(step, row):
    if row is None:
        return "–"
    if step in ("lists", "changes"):
        return f"{row['median_ms']:g} / {row['p95_ms']:g} ms, {row['queries_50']} q"
    if step == "dashboard":
        return f"cold {row['cold_ms']:g}, cached {row['cached_ms']:g}, p95 {row['p95_ms']:g} ms"
    if step == "reports":
        return f"{row['seconds']:g} s, {row['peak_rss_mb']} MB"
    return f"{row['seconds']:g} s"


def table(before, after):
    old, new = _index(before), _index(after)
    runs = [after["machine"], *(run["machine"] for run in after.get("runs", []))]
    when = "; ".join(f"{m['when']} (load average {m['loadavg_start']})" for m in runs)
    m = after["machine"]
    lines = [f"Latest runs: {when}; {m['cores']} cores, PostgreSQL {m['postgres'].split()[0]}, load average as given. "
             f"Lists: median / p95 with 8 clients, statements per page. "
             f"Full tables with floors, ratios and the measured cause of each missed target: "
             f"`bench/results/before.md`, `bench/results/latest.md`.", "",
             "| measure | before | after | target |", "|---|---|---|---|"]
    for name, (step, row) in new.items():
        previous = None if "cursor" in name else old.get(name, (step, None))[1]  # before: ?cursor= was ignored
        mark = "✅" if row.get("meets") else " ".join(("❌", "; ".join(row.get("misses", [])))).strip()
        lines.append(f"| {name} | {_value(step, previous)} | {_value(step, row)} | {mark} |")
    return "\n".join(lines) + "\n"


def main():
    before, after = (json.loads(Path(p).read_text()) for p in sys.argv[1:3])
    text = table(before, after)
    if "--readme" in sys.argv:
        readme = Path(sys.argv[sys.argv.index("--readme") + 1])
        content = readme.read_text()
        head, _sep, rest = content.partition(START)
        _old, _sep2, tail = rest.partition(END)
        readme.write_text(f"{head}{START}\n{text}{END}{tail if _sep2 else rest}")
    else:
        print(text)


if __name__ == "__main__":
    main()

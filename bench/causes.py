"""Why a measure misses its target, as measured (EXPLAIN ANALYZE, cProfile and
statement counts on this machine). Written next to the row in the results.
Keys are the start of a row's name; the first that matches wins."""

LOADED = ("Latency under load: 2 gunicorn workers and the 8 clients share 2 cores with PostgreSQL and 4 other "
          "helpers' test runs (load average 5–9), so a median is about 4 service times of queueing and no page "
          "reaches p95 < 100 ms here; each row says what its own service time is made of.")
CAUSES = {
    "findings: deep page": "OFFSET over the sorted join (year, code, path, kind) is read up to the page; "
                                    "integrators use ?cursor= (next rows)",
    "cell meetings: deep page": "OFFSET 220,000 over a sort of 275,640 rows (no index on -date, cell, "
                                         "kind); integrators use ?cursor=",
    "cell meetings: first page": "the default order (-date, cell, kind) sorts every meeting in scope "
                                          "(no matching index; an index is a migration in organizations)",
    "cell meetings: as leader": "same sort of every meeting in scope",
    "findings": "~70 ms of Python per page in process (serializers of 50 rows with nested organization, "
                         "topic, tags and evidence)",
    "requirements": "~60 ms of Python per page in process (serializer with conclusion, document and "
                             "findings)",
    "organizations": "the SQL is under 1 ms; the ratio is Python and HTTP over a near-zero floor",
    "cell meetings": "Python per page and the meeting sort",
    "dashboard: whole city": "cold: 13–14 statements, none over the rule run's results any more (the run's stored "
                             "counts by rule and outcome, RuleCheckRun.summary; they were 33,745 flagged results "
                             "read from the heap, 66–260 ms); in process 111–151 ms as administrator and 218 ms as "
                             "the city's leader at load average ~4 (bench/results/dashboard.md). What remains, by "
                             "EXPLAIN ANALYZE: the findings (39,320) scanned for findings by topic and recurring "
                             "limitations (grouped by ids now, 15–45 ms each under load), late program items "
                             "(~25 ms), the four requirement counts (10–30 ms each); a miss here is queueing behind "
                             "the 8 clients and the other work on the 2 cores",
    "dashboard": "cold: 8 aggregate statements over the scope (the whole city: every requirement, finding "
                          "and inspection); cached: session, user and the template",
    "remediation_followup: whole city": "two streamed passes over 23,916 requirements, each building ~226,000 model "
                                        "instances (the requirement, its notice, document, inspection, two "
                                        "organizations, its events): 16 s to build and 8 s for the XLSX in process; "
                                        "at the 60 s line on the loaded machine (55 s and 65 s in two runs)",
    "rule run": "Python CPU 19–22 s (was 59–60 s) and 121 statements (were 23,858): building and judging "
                "106,470 results of 22 rules, the cell-meeting, plan and movement figures of the whole city; on the "
                "2 cores shared at load average 7–10 the wall time is 3–4× that CPU time (the code before took "
                "73.5 s at load 2–4 and 243–248 s at load 8–10)",
    "cadre import": "4 statements per row, one at a time (constraint check SELECT, unique check SELECT, INSERT, "
                    "history INSERT): 40,000 round trips at 1–4 ms on the loaded machine",
}


def cause_of(name):
    for start, cause in CAUSES.items():
        if name.startswith(start):
            return cause
    return ""

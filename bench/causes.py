"""Why a measure misses its target, as measured (EXPLAIN ANALYZE, cProfile and
statement counts on this machine). Written next to the row in the results,
after the targets it misses with their figures (computed by the run itself).
Keys are the start of a row's name; the first that matches wins."""

LOADED = ("Closed-loop load: each of the 8 clients sends its next request when the previous answer arrives, so "
          "latency ≈ 8 ÷ throughput, and p95 < 100 ms needs more than 80 requests/s: under ~25 ms of the two "
          "cores per request for gunicorn, PostgreSQL and the load client together. Each page is timed after a "
          "warm-up of 16 requests (every gunicorn worker has served it), over up to 160 requests or 25 s.")

_FIXED_COST = ("the floor is the page's own query, about 1 ms since the indexes; the endpoint adds the fixed cost of "
               "a Django request (token, scope, filter set, count, 50 rows serialized: 8–16 ms of CPU in process, "
               "bench/results/lists-city.md) and HTTP, so no page can be within 3× of such a floor")
_OFFSET = ("a numbered page deep in the list: PostgreSQL reads and drops every row before it (the floor alone is the "
           "cost); integrators page with ?cursor=, which costs what the first page does (the cursor rows)")
CAUSES = {
    "findings: deep page": _OFFSET,
    "cell meetings: deep page": _OFFSET,
    "requirements overdue: deep page": _OFFSET,
    "requirements": ("the page joins the requirement, its conclusion, the notice, the inspection and two "
                     "organizations, and Django builds ~300 objects from them: 19–23 ms of CPU in process "
                     "(bench/results/lists-city.md); as of a past day, each requirement's state on that day is "
                     "rebuilt from its events (bench/results/asof-city.md)"),
    "inspections": ("50 inspections with five nested lists (topics, targets, team, self-reports, transitions) and "
                    "the status of the day as one subquery: ~49 ms of CPU in process (bench/results/asof3-city.md); "
                    "11 statements: 3 of every API request (lockout, token, scope), the count and the page, one per "
                    "nested list, and whether the reader sees every organization"),
    "change feed": _FIXED_COST,
    "findings": _FIXED_COST,
    "cell meetings": _FIXED_COST,
    "organizations": _FIXED_COST,
    "dashboard: whole city, as of": ("as of a past day the figures rebuild the state of each of the city's "
                                     "requirements on that day from its events (23,916 × 2 index probes, "
                                     "bench/results/asof-city.md), which no stored flag holds; the figures are "
                                     "then cached per scope and day"),
    "dashboard": ("cold: 13–14 aggregate statements over the scope (findings by topic, recurring limitations, late "
                  "program items, the requirement counts; the rule run's stored summary)"),
    "remediation_followup": "two streamed passes over the requirements in scope and the XLSX annex",
    "rule run": ("~6 s of Python CPU and 93 statements at city scale (bench/results/rules-city.md); the rest is "
                 "waiting for one of the 2 cores"),
    "cadre import": "set-based: 86 statements for 10,000 rows (bench/results/import.md)",
}


def cause_of(name):
    for start, cause in CAUSES.items():
        if name.startswith(start):
            return cause
    return ""

"""API lists and the dashboard under HTTP load, each list with its statement
count (in process, at 10 and 50 rows a page), its page query's bare-SQL floor
and the ratio of the endpoint's median to that floor."""
from django.core.cache import cache
from django.utils import timezone

from accounts.tokens import api_token_create
from bench import load, measure
from core.changes import Change
from inspection.models import Finding, Inspection, RemediationRequirement
from organizations.choices import Role
from organizations.models import CellMeeting, Organization, User

CONCURRENCY, REQUESTS, MAX_SECONDS = 8, 160, 25
WARM_UP = 2 * CONCURRENCY  # every gunicorn worker has served the page once before it is timed
TARGET_P95_MS, TARGET_RATIO, TARGET_QUERIES = 100, 3, 10


class People:
    """The benchmark's users and the organizations they look at."""

    def __init__(self):
        self.city = Organization.objects.get(code="s1-tu")
        self.district = Organization.objects.get(code="s1-q2")
        self.api = self._user("bench-api", Role.API_CLIENT, self.city)
        self.leader = self._user("bench-leader", Role.LEADER, self.city)
        self.district_leader = self._user("bench-district-leader", Role.LEADER, self.district)
        self.admin = self._user("bench-admin", Role.ADMIN, self.city)
        self.api.api_tokens.filter(name="bench").delete()
        _token, self.token = api_token_create(user=self.api, name="bench")
        self.cookies = {}

    @staticmethod
    def _user(username, role, organization):
        user, _created = User.objects.get_or_create(username=username, defaults={"role": role})
        user.organizations.set([organization])
        return user

    def headers(self, who):
        if who == "token":
            return {"Authorization": f"Token {self.token}"}
        user = {"leader": self.leader, "district": self.district_leader}[who]
        if who not in self.cookies:
            client = measure.client_for(user)
            self.cookies[who] = client.cookies["sessionid"].value
        return {"Cookie": f"sessionid={self.cookies[who]}", "X-Forwarded-Proto": "https"}

    def client(self, who):
        if who == "token":
            return measure.client_for(token=self.token)
        return measure.client_for({"leader": self.leader, "district": self.district_leader}[who])


def people():
    return People()


def _deep_page(count, page_size=50, share=0.8):
    return max(1, int(count * share) // page_size)


def _cursor_at(model, share=0.8):
    """The cursor of the page that starts after `share` of the rows, in id order."""
    from core.pagination import encode_cursor

    count = model.objects.count()
    return encode_cursor(model.objects.order_by("pk").values_list("pk", flat=True)[int(count * share)])


def endpoints(p):
    city, district = p.city, p.district
    findings = Finding.objects.count()
    overdue = RemediationRequirement.objects.filter(is_overdue=True).count()
    meetings = CellMeeting.objects.count()
    organizations = Organization.objects.within(city).count()
    year = timezone.localdate().year
    f, r = "/api/v1/findings/", "/api/v1/remediation-requirements/"
    i, day = "/api/v1/inspections/", f"{year - 1}-10-01"  # as of a past day: state rebuilt from the timelines
    o, m = "/api/v1/organizations/", "/api/v1/cell-meetings/"
    return [
        ("findings: first page", "token", f"{f}?page_size=50"),
        ("findings: deep page (offset 80 %)", "token", f"{f}?page_size=50&page={_deep_page(findings)}"),
        ("findings: kind+severity in a district", "token",
         f"{f}?page_size=50&kind=limitation&severity=serious&within={district.pk}"),
        ("findings: within the whole city", "token", f"{f}?page_size=50&within={city.pk}"),
        ("findings: cursor, first page", "token", f"{f}?page_size=50&cursor="),
        ("findings: cursor, deep page (80 %)", "token", f"{f}?page_size=50&cursor={_cursor_at(Finding)}"),
        ("findings: as leader, first page", "leader", f"{f}?page_size=50"),
        ("requirements overdue: first page", "token", f"{r}?page_size=50&overdue=true"),
        ("requirements overdue: deep page", "token", f"{r}?page_size=50&overdue=true&page={_deep_page(overdue)}"),
        ("requirements overdue in a district", "token", f"{r}?page_size=50&overdue=true&within={district.pk}"),
        ("requirements overdue: as leader", "leader", f"{r}?page_size=50&overdue=true"),
        ("requirements as of 1/10 last year: first page", "token", f"{r}?page_size=50&as_of={day}"),
        ("requirements as of 1/10 last year: overdue in a district", "token",
         f"{r}?page_size=50&as_of={day}&overdue=true&within={district.pk}"),
        ("requirements as of 1/10 last year: as leader", "leader", f"{r}?page_size=50&as_of={day}"),
        ("inspections as of 1/10 last year: first page", "token", f"{i}?page_size=50&as_of={day}"),
        ("organizations within a district", "token", f"{o}?page_size=50&within={district.pk}"),
        ("organizations within the city: deep page", "token",
         f"{o}?page_size=50&within={city.pk}&page={_deep_page(organizations)}"),
        ("cell meetings: first page", "token", f"{m}?page_size=50"),
        ("cell meetings: deep page", "token", f"{m}?page_size=50&page={_deep_page(meetings)}"),
        ("cell meetings: cursor, deep page (80 %)", "token", f"{m}?page_size=50&cursor={_cursor_at(CellMeeting)}"),
        ("cell meetings: a district's year", "token", f"{m}?page_size=50&within={district.pk}&year={year}"),
        ("cell meetings: as leader", "leader", f"{m}?page_size=50"),
    ]


def change_feed_endpoints():
    """The change feed from its start and from the middle (the rows the import step wrote)."""
    middle = Change.objects.order_by("pk").values_list("pk", flat=True)[Change.objects.count() // 2] \
        if Change.objects.exists() else 0
    c = "/api/v1/changes/"
    return [
        ("change feed: from the start", "token", f"{c}?since=0&limit=50"),
        ("change feed: from the middle", "token", f"{c}?since={middle}&limit=50"),
        ("change feed: as leader", "leader", f"{c}?since={middle}&limit=50"),
    ]


TABLES = {"/api/v1/changes/": Change, "/api/v1/findings/": Finding,
          "/api/v1/remediation-requirements/": RemediationRequirement,
          "/api/v1/organizations/": Organization, "/api/v1/cell-meetings/": CellMeeting,
          "/api/v1/inspections/": Inspection}


def _table(path):
    return next(model._meta.db_table for prefix, model in TABLES.items() if path.startswith(prefix))


def _with_page_size(path, size):
    return path.replace("page_size=50", f"page_size={size}").replace("limit=50", f"limit={size}")


def _misses(status, result, ratio, floor, sqls, small):
    """Which of the list targets this page misses, with the measured figure."""
    misses = []
    if status != 200:
        misses.append(f"status {status}")
    if result["p95_ms"] is None or result["p95_ms"] >= TARGET_P95_MS:
        misses.append(f"p95 {_num(result['p95_ms'])} ms")
    if ratio is not None and ratio > TARGET_RATIO:
        misses.append(f"{ratio:g}× a {floor:g} ms floor")
    if len(sqls) > TARGET_QUERIES:
        misses.append(f"{len(sqls)} statements")
    if len(sqls) != len(small):
        misses.append(f"statements grow with rows ({len(small)} → {len(sqls)})")
    return misses


def _num(value):
    return "–" if value is None else f"{value:g}"


def run_lists(p, base, pages=None):
    rows = []
    for name, who, path in pages or endpoints(p):
        client = p.client(who)
        # A first request pays the once-a-while writes of a session (the token's last use): not the page's.
        measure.statements(client, path)
        # Both sizes from a cold cache: a total counted for one page size is cached for the other.
        cache.clear()
        _status, small = measure.statements(client, _with_page_size(path, 10))
        cache.clear()
        status, sqls = measure.statements(client, path)
        page_sql = measure.page_query(sqls, _table(path))
        count_sql = measure.count_query(sqls, _table(path))
        floor = measure.floor_ms(page_sql) if page_sql else None
        count_ms = measure.floor_ms(count_sql, repeat=3) if count_sql else None
        load.load(base + path, p.headers(who), WARM_UP, CONCURRENCY, MAX_SECONDS)
        result = load.load(base + path, p.headers(who), REQUESTS, CONCURRENCY, MAX_SECONDS)
        ratio = round(result["median_ms"] / floor, 1) if floor and result["median_ms"] else None
        row = {"name": name, "who": who, "path": path, "status": status, **result,
               "queries_50": len(sqls), "queries_10": len(small), "floor_ms": floor, "count_ms": count_ms,
               "ratio": ratio}
        row["misses"] = _misses(status, result, ratio, floor, sqls, small)
        row["meets"] = not row["misses"]
        if page_sql and not row["meets"]:
            row["plan"] = measure.explain(page_sql)
        if count_sql and not row["meets"]:
            row["count_plan"] = measure.explain(count_sql)
        print(name, {k: v for k, v in row.items() if "plan" not in k})
        rows.append(row)
    return rows


def run_dashboard(p, base):
    rows = []
    past = f"/dashboard/?as_of={timezone.localdate().year - 1}-10-01"
    for who, label, path in (("leader", "whole city", "/dashboard/"), ("district", "one district", "/dashboard/"),
                             ("leader", "whole city, as of 1/10 last year", past)):
        cache.clear()
        headers = p.headers(who)
        cold_ms, status = load.one(base + path, headers)
        cached_ms, _status = load.one(base + path, headers)
        load.load(base + path, headers, WARM_UP, CONCURRENCY, MAX_SECONDS)
        result = load.load(base + path, headers, REQUESTS, CONCURRENCY, MAX_SECONDS)
        _status, sqls = measure.statements(p.client(who), path)
        rows.append({"name": f"dashboard: {label}", "who": who, "status": status, "cold_ms": cold_ms,
                     "cached_ms": cached_ms, **result, "queries_warm": len(sqls),
                     "misses": [text for text, missed in ((f"cold {cold_ms:g} ms", cold_ms >= 500),
                                                          (f"cached {cached_ms:g} ms", cached_ms >= 50)) if missed]})
        rows[-1]["meets"] = not rows[-1]["misses"]
        print(rows[-1])
    return rows

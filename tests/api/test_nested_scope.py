"""A walker over every list endpoint of the API (and the details it lists), as
each demo role on the demo data: no organization outside the reader's scope may
appear at any depth of any answer. The organizations above the reader's scope
(the Thành ủy that issues a program or a notice to Quận 3) may be named; a
sibling's (Củ Chi's findings in a joint inspection of Quận 3 and Củ Chi) may not."""
import io

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from core.scoping import ancestor_paths
from organizations.choices import Role
from organizations.models import Organization, User

pytestmark = pytest.mark.django_db

# Fields that hold an organization: an id, a list of ids, a brief object or a list of them.
ORG_KEYS = {
    "organization", "organizations", "organization_detail", "issuer", "issuer_detail", "authority",
    "authority_detail", "responsible_organization", "target_organizations", "targets_detail", "scope",
    "scope_detail", "cell",
    "cell_detail", "parent", "parent_detail", "to_organization", "from_organization", "predecessor", "successor",
    "targets", "organization_id", "org",
}
# Not checked: the body that inspects (conducted_by) or carries out a program item (responsible), the Board
# of the Thành ủy, is named to every unit it inspects, as on the decision the unit receives.
DETAILS_PER_ENDPOINT = 8
SKIP_LISTS = {"topics", "cadre-titles", "planning-norms", "terms", "rules"}  # bound to no organization


def list_endpoints():
    """The router's list routes under /api/v1/ that take no argument."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-list"):
                route = (prefix + str(pattern.pattern)).replace("^", "").replace("$", "").replace("\\Z", "")
                if "<" not in route and "(?P" not in route:
                    found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted({url for url in found if url.startswith("/api/v1/") and "." not in url})


def organization_ids(value, key=None):
    """Every organization id held by an organization field anywhere in `value`."""
    if isinstance(value, dict):
        if key in ORG_KEYS and isinstance(value.get("id"), int):
            yield key, value["id"]
        for child_key, child in value.items():
            yield from organization_ids(child, child_key)
    elif isinstance(value, list):
        for item in value:
            yield from organization_ids(item, key)
    elif isinstance(value, int) and not isinstance(value, bool) and key in ORG_KEYS:
        yield key, value


def allowed_ids(user):
    roots = user.scope_paths()
    if roots is None:
        return None
    paths = {p for root in roots for p in ancestor_paths(root)}
    allowed = set(Organization.objects.filter(path__in=paths).values_list("pk", flat=True))
    for root in roots:
        allowed |= set(Organization.objects.filter(path__startswith=root).values_list("pk", flat=True))
    return allowed


def rows_of(body):
    if isinstance(body, dict) and "results" in body:
        return body["results"]
    return body if isinstance(body, list) else []


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    q7 = Organization.objects.get(code="qu-q7")
    User.objects.create(username="kiemtra_q7", role=Role.INSPECTOR).organizations.set([q7])
    return User.objects.filter(username__in=["lanhdao_q3", "baocao_cuchi", "kiemtra_q7"])


def test_no_answer_names_an_organization_outside_the_readers_scope(api, demo):
    endpoints = [url for url in list_endpoints() if url.split("/")[3] not in SKIP_LISTS]
    assert "/api/v1/inspections/" in endpoints and "/api/v1/programs/" in endpoints
    leaks = []
    for user in demo:
        client = api.as_user(user)
        allowed = allowed_ids(user)
        for url in endpoints:
            response = client.get(url, {"page_size": 500})
            assert response.status_code == 200, (user.username, url, response.status_code)
            bodies = [(url, response.json())]
            for row in rows_of(response.json())[:DETAILS_PER_ENDPOINT]:
                if isinstance(row, dict) and "id" in row:
                    detail = client.get(f"{url}{row['id']}/")
                    if detail.status_code == 200:
                        bodies.append((f"{url}{row['id']}/", detail.json()))
            for where, body in bodies:
                foreign = {(key, pk) for key, pk in organization_ids(body) if pk not in allowed}
                if foreign:
                    leaks.append((user.username, where, sorted(foreign)))
    assert leaks == [], "\n".join(map(str, leaks))
    _nested_rows_follow_the_reader(api, demo)


def _nested_rows_follow_the_reader(api, demo):
    """The two leaks of the probe: an inspection's self-inspection reports and a program's items."""
    from inspection.models import ProgramItem
    user = demo.get(username="lanhdao_q3")
    client = api.as_user(user)
    allowed = allowed_ids(user)
    inspections = rows_of(client.get("/api/v1/inspections/", {"page_size": 500}).json())
    reports = [r for i in inspections for r in i["self_reports"]]
    assert reports and {r["organization"] for r in reports} <= allowed
    programs = rows_of(client.get("/api/v1/programs/", {"page_size": 500}).json())
    shown = {item["id"] for p in programs for item in p["items"]}
    visible = set(ProgramItem.objects.for_user(user).values_list("pk", flat=True))
    assert shown and shown <= visible

"""The API keeps the promises of its published schema (issue #10).

Schemathesis generates requests for every operation of /api/schema/ and
checks the answers: never a 5xx, only documented status codes and content
types, and bodies that validate against the documented response schema.
Once as the administrator, once as a Quận 3 inspector (whose scope hides most
of the city); ids in paths, filters and bodies are steered to real records
in about half of the examples, so that detail pages and writes are reached,
not only 404s. Deterministic (derandomized), no shrinking."""
import time

import pytest
import schemathesis
from django.test import Client

from .fuzz import Outcome, fuzz_operation
from .world import build

pytestmark = pytest.mark.django_db

# Examples per operation and user: ~180 operations × 2 users × 6 ≈ 2,200 requests.
MAX_EXAMPLES = 6


@pytest.fixture(scope="module")
def openapi():
    """The served schema (its generation reads no database)."""
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def world(tree):
    return build(tree)


def test_the_schema_describes_every_operation(openapi):
    operations = [op for item in openapi["paths"].values() for op in item if op != "parameters"]
    assert len(operations) >= 180


def fuzz(openapi, world, user, max_examples):
    schema = schemathesis.openapi.from_dict(openapi)
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    outcome = Outcome()
    started = time.perf_counter()
    for result in schema.get_all_operations():
        fuzz_operation(result.ok(), client=client, world=world, outcome=outcome, max_examples=max_examples)
    print(f"\n{user or 'anonymous'}: {outcome.operations} operations, {outcome.requests} requests in "
          f"{time.perf_counter() - started:.0f} s; statuses {dict(sorted(outcome.statuses.items()))}")
    return outcome


@pytest.mark.parametrize("who", ["admin", "q3_inspector"])
def test_every_operation_keeps_the_schema(openapi, world, who):
    outcome = fuzz(openapi, world, getattr(world, who), MAX_EXAMPLES)
    assert outcome.operations >= 180
    # The steering reaches real records: more successful answers (read, created, accepted, deleted) than operations.
    assert sum(n for status, n in outcome.statuses.items() if 200 <= status < 300) > outcome.operations
    assert not outcome.failures, f"{len(outcome.failures)} broken promises:\n\n{outcome.report()}"


def test_anonymous_requests_are_refused_as_documented(openapi, world):
    outcome = fuzz(openapi, world, None, max_examples=1)
    assert outcome.operations >= 180
    assert set(outcome.statuses) <= {401, 403}, outcome.statuses
    assert not outcome.failures, f"{len(outcome.failures)} broken promises:\n\n{outcome.report()}"

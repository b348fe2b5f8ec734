"""The API keeps the promises of its published schema (issue #10).

Schemathesis generates requests for every operation of /api/schema/ and
checks the answers: never a 5xx, only documented status codes and content
types, and bodies that validate against the documented response schema.
Once as the administrator, once as a Quận 3 inspector (whose scope hides most
of the city); ids in paths, filters and bodies are steered to real records
half of the time, so that detail pages and writes are reached, not only 404s."""
import pytest
import schemathesis
from django.test import Client

from .fuzz import Outcome, fuzz_operation
from .world import build

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 6


@pytest.fixture
def world(tree):
    return build(tree)


def published_schema():
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


def fuzz_as(user, world):
    schema = published_schema()
    client = Client(raise_request_exception=False)
    client.force_login(user)
    outcome = Outcome()
    for result in schema.get_all_operations():
        fuzz_operation(result.ok(), client=client, world=world, outcome=outcome, max_examples=MAX_EXAMPLES)
    return outcome


def test_the_schema_describes_every_operation(world):
    schema = published_schema()
    assert sum(1 for _ in schema.get_all_operations()) >= 180


@pytest.mark.parametrize("who", ["admin", "q3_inspector"])
def test_every_operation_keeps_the_schema(world, who):
    outcome = fuzz_as(getattr(world, who), world)
    assert outcome.operations >= 180
    assert not outcome.failures, f"{len(outcome.failures)} broken promises:\n\n{outcome.report()}"

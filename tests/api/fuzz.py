"""Drive schemathesis through Django's test client.

Schemathesis generates the requests from the published schema and checks the
responses; the requests go through Django's test client (in-process, inside
the test's transaction, logged in with a real session), each example in a
savepoint that is rolled back, so that every example starts from the same world."""
import json
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import requests
from django.db import transaction
from django.db.models import Model
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .world import DETAIL_TARGETS, FIELD_TARGETS, target_id

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BASE_URL = "http://testserver"
API_PREFIX = "/api/v1/"


@dataclass
class Outcome:
    operations: int = 0
    requests: int = 0
    statuses: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)  # (operation, title) → report

    def report(self):
        return "\n\n".join(f"{operation} — {title}\n{text}" for (operation, title), text in self.failures.items())


def _steer(case, world):
    """Point the ids of the case at the world's records: detail paths, query
    parameters and body fields with a known name."""
    resource = case.operation.path[len(API_PREFIX):].split("/", 1)[0]
    for name in list(case.path_parameters or {}):
        if name == "id" and resource in DETAIL_TARGETS:
            case.path_parameters[name] = target_id(world, DETAIL_TARGETS[resource])
        elif name == "code" and resource == "topics":
            case.path_parameters[name] = target_id(world, "topic")
    for name in list(case.query or {}):
        if name in FIELD_TARGETS:
            case.query[name] = target_id(world, FIELD_TARGETS[name])
    if case.operation.path.endswith("/by-key/") and resource in DETAIL_TARGETS:
        _steer_natural_key(case.query, getattr(world, DETAIL_TARGETS[resource]))
    _steer_body(case.body, world)


def _steer_natural_key(query, record):
    """A by-key lookup names the world's own record by its key fields."""
    for name in list(query or {}):
        value = getattr(record, name, None)
        if value is None:
            continue
        query[name] = value.pk if isinstance(value, Model) else value.isoformat() if isinstance(value, date) else value


def _steer_body(body, world):
    if isinstance(body, list):
        for item in body:
            _steer_body(item, world)
    if not isinstance(body, dict):
        return
    for name, value in body.items():
        if name in FIELD_TARGETS:
            ident = target_id(world, FIELD_TARGETS[name])
            body[name] = [ident] if isinstance(value, list) else ident
        elif isinstance(value, (dict, list)):
            _steer_body(value, world)


def _send(client, case):
    """One request through Django's test client; the response as schemathesis sees it."""
    kwargs = case.as_transport_kwargs(base_url=BASE_URL)
    kwargs.pop("cookies", None)
    prepared = requests.Request(**kwargs).prepare()
    path = prepared.path_url
    headers = {k: v for k, v in prepared.headers.items() if k.lower() not in ("content-type", "content-length")}
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    started = time.perf_counter()
    with transaction.atomic():
        response = client.generic(prepared.method, path, data=body,
                                  content_type=prepared.headers.get("Content-Type", ""), headers=headers)
        transaction.set_rollback(True)
    elapsed = time.perf_counter() - started
    content = b"".join(response.streaming_content) if response.streaming else response.content
    wrapped = Response(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        content=content, request=prepared, elapsed=elapsed, verify=False,
    )
    return wrapped, getattr(response, "exc_info", None)


def _describe(case, response, exc_info, failures: Iterable[Failure]):
    lines = [f"  {failure.title}: {failure.message.strip()[:1500]}" for failure in failures]
    lines.append(f"  request: {case.method} {case.formatted_path} query={case.query!r} body={_short(case.body)}")
    content_type = response.headers.get("content-type", [""])[0]
    body = _short(response.content) if "json" in content_type or "text" in content_type else "(binary)"
    lines.append(f"  response {response.status_code} {content_type}: {body}")
    if exc_info:
        lines.append("".join(traceback.format_exception(*exc_info))[-3000:])
    return "\n".join(lines)


def _short(value, limit=600):
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def fuzz_operation(operation, *, client, world, outcome: Outcome, max_examples: int):
    outcome.operations += 1

    @settings(max_examples=max_examples, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck), print_blob=False)
    @given(drawn=st.tuples(operation.as_strategy(), st.booleans()))
    def run(drawn):
        case, steer = drawn
        if steer:
            _steer(case, world)
        response, exc_info = _send(client, case)
        outcome.requests += 1
        outcome.statuses[response.status_code] = outcome.statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            _record(outcome, operation, case, response, exc_info, group.exceptions)
        except Failure as failure:
            _record(outcome, operation, case, response, exc_info, [failure])

    try:
        run()
    except Exception as exc:  # generation itself failed: that is a schema problem too
        outcome.failures[(operation.label, type(exc).__name__)] = "".join(traceback.format_exception(exc))[-2000:]


def _record(outcome, operation, case, response, exc_info, failures):
    for failure in failures:
        key = (operation.label, failure.title)
        if key not in outcome.failures:
            outcome.failures[key] = _describe(case, response, exc_info, [failure])

"""Nothing escapes the generic tests: every viewset on the API router has a line
in some tests/<app>/endpoints.py, and every organization-bound model says how it
is scoped for reading (SCOPE_FIELD or SCOPE_FIELDS) and for writing (WRITE_SCOPE_FIELDS)."""
import importlib
import re
from pathlib import Path

from django.apps import apps
from django.urls import get_resolver

from core.scoping import ScopedQuerySet

TESTS = Path(__file__).parent


def _api_list_routes(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _api_list_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif getattr(pattern.callback, "cls", None) and (pattern.name or "").endswith("-list"):
            route = prefix + str(pattern.pattern)
            if route.startswith("api/v1/"):
                yield re.sub(r"[\^$]", "", route[len("api/v1/"):]).strip("/"), pattern.callback.cls


def _specified_paths():
    paths = set()
    for spec in sorted(TESTS.glob("*/endpoints.py")):
        module = importlib.import_module(f"tests.{spec.parent.name}.endpoints")
        paths |= {endpoint.path for endpoint in module.ENDPOINTS}
    return paths


def test_every_viewset_on_the_router_has_an_endpoint_spec():
    routes = dict(_api_list_routes(get_resolver().url_patterns))
    assert len(routes) > 20  # the walk found the router
    missing = {path: cls.__name__ for path, cls in routes.items() if path not in _specified_paths()}
    assert not missing, f"viewsets without a line in tests/<app>/endpoints.py: {missing}"


def _declared(model, name):
    return any(name in vars(klass) for klass in model.__mro__)


def test_every_organization_bound_model_declares_its_read_and_write_scope():
    scoped = [m for m in apps.get_models() if isinstance(m._default_manager.all(), ScopedQuerySet)]
    assert len(scoped) > 20
    undeclared = [m._meta.label for m in scoped
                  if not (_declared(m, "SCOPE_FIELD") or _declared(m, "SCOPE_FIELDS"))
                  or not _declared(m, "WRITE_SCOPE_FIELDS")]
    assert not undeclared, f"declare SCOPE_FIELD(S) and WRITE_SCOPE_FIELDS on: {undeclared}"


def _api_callbacks(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _api_callbacks(pattern.url_patterns, prefix + str(pattern.pattern))
        elif getattr(pattern.callback, "actions", None) and (prefix + str(pattern.pattern)).startswith("api/v1/"):
            yield pattern.callback


def test_a_generic_write_without_its_service_is_not_routed():
    """ServiceViewSet routes create/update/delete only when the viewset names the service
    (or writes the method): POST on a read-only list is a 405, not a 500, and not in the schema."""
    from core.viewsets import _WRITE_SERVICES, ServiceViewSet

    unserved = []
    for callback in _api_callbacks(get_resolver().url_patterns):
        cls = callback.cls
        if not issubclass(cls, ServiceViewSet):
            continue
        for method, name in callback.actions.items():
            inherited = getattr(cls, name) is getattr(ServiceViewSet, name, None)
            if inherited and name in _WRITE_SERVICES and getattr(cls, _WRITE_SERVICES[name]) is None:
                unserved.append((cls.__name__, method, name))
    assert not unserved
    results = [c for c in _api_callbacks(get_resolver().url_patterns) if c.cls.__name__ == "RuleCheckResultViewSet"]
    assert results and all("post" not in c.actions or c.actions["post"] == "to_finding" for c in results)

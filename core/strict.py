"""Strict API input: what the published schema does not list is refused, not ignored.

The allow-list of each operation is the OpenAPI schema itself (drf-spectacular,
built once per process from the FilterSets, pagination and serializers), so the
documentation and the check can never disagree:
- an unknown query parameter -> 400 `unknown_parameter` naming it;
- a JSON body field the operation does not accept -> 400 `unknown_field`,
  one it only returns (read-only) -> 400 `read_only_field`.
"""
import re

from django.utils.translation import gettext as _

from .errors import ApplicationError

API_PREFIX = "/api/v1/"
ALWAYS_ALLOWED = {"format"}  # DRF's renderer switch
RECORD_WRITES = {"create", "update", "partial_update", "bulk"}  # bulk rows: core/bulk_api.py checks each
# Checked by core.permissions.RolePermission once the user is known to be allowed,
# so a missing login stays 401 and a foreign object stays 404.

_operations = None


def _body_schema(schema, operation):
    """(accepted, read_only) property names of the JSON body, or None when the
    body is not a plain object the schema describes field by field."""
    content = (operation.get("requestBody") or {}).get("content", {})
    body = content.get("application/json", {}).get("schema")
    if not body:
        return None
    if "$ref" in body:
        body = schema["components"]["schemas"].get(body["$ref"].rsplit("/", 1)[-1], {})
    if body.get("type", "object") != "object" or "properties" not in body or body.get("additionalProperties"):
        return None
    properties = body["properties"]
    read_only = {name for name, spec in properties.items() if spec.get("readOnly")}
    return set(properties) - read_only, read_only


def operations():
    """[(path regex, method, query names, body fields or None)], the most specific paths first."""
    global _operations
    if _operations is None:
        from drf_spectacular.generators import SchemaGenerator  # noqa: PLC0415  (needs the URLconf loaded)

        schema = SchemaGenerator().get_schema(request=None, public=True)
        found = []
        for path, item in schema["paths"].items():
            if not path.startswith(API_PREFIX):
                continue
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, operation in item.items():
                queries = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
                found.append((path.count("{"), pattern, method.upper(), queries, _body_schema(schema, operation)))
        found.sort(key=lambda row: row[0])
        _operations = [row[1:] for row in found]
    return _operations


def _operation(request):
    method = "GET" if request.method == "HEAD" else request.method
    path = request._request.path if hasattr(request, "_request") else request.path
    if not path.startswith(API_PREFIX):
        return None
    for pattern, op_method, queries, body in operations():
        if op_method == method and pattern.match(path):
            return queries, body
    return None


def _refuse(code, message, names):
    raise ApplicationError(message, code=code, fields={name: [message] for name in names})


def check_query(request):
    """400 `unknown_parameter` for a query parameter the operation does not document."""
    operation = _operation(request)
    if operation is None:
        return
    unknown = sorted(set(request.query_params) - operation[0] - ALWAYS_ALLOWED)
    if unknown:
        _refuse("unknown_parameter", _("Tham số không được hỗ trợ: %(names)s. Xem tài liệu API cho các tham số "
                                       "hợp lệ.") % {"names": ", ".join(unknown)}, unknown)


def check_body(request, view):
    """400 for JSON body fields a create or update does not take: `read_only_field`
    for those it only returns, `unknown_field` for the others. (Workflow actions
    validate their own small bodies.)"""
    if getattr(view, "action", None) not in RECORD_WRITES or request.content_type != "application/json":
        return
    operation = _operation(request)
    if operation is None or operation[1] is None or not isinstance(request.data, dict):
        return
    accepted, read_only = operation[1]
    given_read_only = sorted(set(request.data) & read_only)
    if given_read_only:
        _refuse("read_only_field", _("Các trường chỉ đọc, không gửi lên được: %(names)s.") % {
            "names": ", ".join(given_read_only)}, given_read_only)
    unknown = sorted(set(request.data) - accepted - read_only)
    if unknown:
        _refuse("unknown_field", _("Các trường không có trong API: %(names)s.") % {"names": ", ".join(unknown)},
                unknown)

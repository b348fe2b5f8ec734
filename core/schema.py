"""The OpenAPI schema tells the truth about errors: every operation documents
the structured error answers it can give ({"error": {"code", "message",
"fields"}}, see core.api.exception_handler), next to its success answers."""
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import permissions, serializers

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable error code, e.g. invalid, not_found, invalid_transition.")
    message = serializers.CharField(help_text="The message for a person (in the request's language).")
    fields = serializers.DictField(
        help_text="Per input field (or non_field_errors), the messages; nested for nested input. Empty otherwise."
    )
    current = serializers.DictField(
        required=False, help_text="With code `stale` (409): the record as it is now, its `version` included."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


ERRORS = {
    "400": "The request is invalid: bad or undocumented query parameters (`unknown_parameter`), or a bad body; "
           "`fields` says which.",
    "401": "Not authenticated: no, a wrong, an expired or a revoked key (`WWW-Authenticate: Token`).",
    "403": "Authenticated, but the role does not allow this, or the record is outside the user's scope.",
    "404": "No such record in the user's scope (or no such page).",
    "409": "The record's state does not allow this (a workflow step out of order, a duplicate with `existing_id`, "
           "a protected record, a stale `version`), or the same `Idempotency-Key` is still being processed.",
    "413": "The body (or an uploaded file) is larger than the server takes: code `too_large`.",
    "422": "This `Idempotency-Key` was already used with another body: code `idempotency_key_reused`.",
    "429": "Too many failed sign-ins or unknown keys from this address: code `locked_out`; retry after "
           "`Retry-After` seconds.",
}
HEADERS = {
    "401": {"WWW-Authenticate": "The scheme to authenticate with: `Token`."},
    "429": {"Retry-After": "Seconds to wait before trying again."},
}
IDEMPOTENCY_KEY = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Any unique string (a UUID): the same key and body within 24 h replay the first answer "
                   "(`Idempotent-Replayed: true`) without acting again; another body with the key is 422.",
}


def error_codes(method, operation, *, open_to_all):
    """The error statuses an operation can answer with (core.api.exception_handler and
    the middlewares): every operation refuses undocumented query parameters (core.strict);
    a signed-in one may be refused or locked out; a write may conflict or be too large; a
    POST takes an Idempotency-Key."""
    locations = {parameter.get("in") for parameter in operation.get("parameters", ())}
    writes = method in WRITE_METHODS
    codes = ["400"]
    if not open_to_all:
        codes += ["401", "403", "429"]
    if writes or locations & {"path", "query"}:
        codes.append("404")
    if writes:
        codes.append("409")
    if method in {"POST", "PUT", "PATCH"}:
        codes.append("413")
    if method == "POST":
        codes.append("422")
    return sorted(codes)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, with the error answers (the one `Error` shape, and the
    headers that go with 401 and 429) added to every operation, and the `Idempotency-Key`
    header to every POST."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        open_to_all = any(
            isinstance(permission, permissions.AllowAny) for permission in self.view.get_permissions()
        )
        responses = operation["responses"]
        for code in error_codes(self.method, operation, open_to_all=open_to_all):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=ERRORS[code]), code
                )
            if code in HEADERS:
                responses[code]["headers"] = {
                    name: {"schema": {"type": "string"}, "description": text} for name, text in HEADERS[code].items()
                }
        if self.method == "POST":
            operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY))
        return operation


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.5"})
class DecimalStringField(serializers.CharField):
    """A decimal rendered as a string (as DRF renders DecimalField), of any size."""

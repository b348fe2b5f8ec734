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
    "400": "The request is invalid: bad query parameters or body; `fields` says which.",
    "401": "Not authenticated.",
    "403": "Authenticated, but the role does not allow this, or the record is outside the user's scope.",
    "404": "No such record in the user's scope (or no such page).",
    "409": "The record's state does not allow this (a workflow step out of order, a duplicate, a protected record).",
}


def error_codes(method, operation, *, open_to_all):
    """The error statuses an operation can answer with."""
    locations = {parameter.get("in") for parameter in operation.get("parameters", ())}
    writes = method in WRITE_METHODS
    codes = []
    if writes or "query" in locations:
        codes.append("400")
    if not open_to_all:
        codes += ["401", "403"]
    if writes or locations & {"path", "query"}:
        codes.append("404")
    if writes:
        codes.append("409")
    return codes


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, with the error answers added to every operation."""

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
        return operation


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.5"})
class DecimalStringField(serializers.CharField):
    """A decimal rendered as a string (as DRF renders DecimalField), of any size."""

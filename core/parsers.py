"""The API's request parsers: DRF's, with every string in Unicode NFC, NUL
refused, and JSON nesting bounded (core/inputs.py). The body size is bounded by
DATA_UPLOAD_MAX_MEMORY_SIZE; core/api.py answers it with a JSON 413."""
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from .errors import ApplicationError
from .inputs import NulInData, TooDeep, max_json_depth, normalize_data, normalize_text, nul_message


class TooDeepError(exceptions.ParseError):
    default_code = "too_deep"


def _too_deep(limit):
    return TooDeepError(_("Dữ liệu JSON lồng quá sâu (tối đa %(limit)s cấp).") % {"limit": limit})


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_json_depth()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The C scanner gives up near the interpreter's recursion limit: far past ours.
            raise _too_deep(limit) from None
        except exceptions.ParseError as exc:
            raise exceptions.ParseError(_("Nội dung JSON không hợp lệ: %(error)s") % {"error": exc.detail}) from exc
        try:
            return normalize_data(data, max_depth=limit)
        except TooDeep:
            raise _too_deep(limit) from None
        except NulInData as exc:
            raise ApplicationError(nul_message(), code="null_characters", fields=exc.fields) from exc


def _normalized_querydict(data: QueryDict) -> QueryDict:
    errors = {}
    result = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean = []
        for value in values:
            try:
                clean.append(normalize_text(value))
            except ValidationError as exc:
                errors[key] = exc.messages
                clean.append(value)
        result.setlist(normalize_text(key.replace("\x00", "")), clean)
    if errors:
        raise ApplicationError(nul_message(), code="null_characters", fields=errors)
    result._mutable = False
    return result


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _normalized_querydict(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        files = MultiValueDict({key: parsed.files.getlist(key) for key in parsed.files})
        return parsers.DataAndFiles(_normalized_querydict(parsed.data), files)

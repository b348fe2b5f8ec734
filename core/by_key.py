"""`GET …/by-key/?<natural key>`: the one record other systems know by its own
identifiers (core.natural_keys), within the reader's scope, or 404.

A viewset names the filters of its FilterSet that make up the key:

    class CellMeetingViewSet(ByKeyMixin, RecordViewSet):
        by_key_params = ("cell", "date", "kind")     # all required
        by_key_optional = ()                          # narrow a key that repeats (a program's title)

The same exact filters serve the list (`?cell=&date=&kind=` gives a page of at
most one row); the schema documents the route with exactly these parameters.
"""
import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from . import natural_keys
from .errors import ApplicationError
from .services import not_found


def _parameter(name, filter_, required):
    if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.NumberFilter):
        kind = OpenApiTypes.INT
    elif isinstance(filter_, django_filters.DateFilter):
        kind = OpenApiTypes.DATE
    else:
        kind = OpenApiTypes.STR
    choices = getattr(filter_, "extra", {}).get("choices")
    enum = [value for value, _label in choices] if choices and not callable(choices) else None
    return OpenApiParameter(name, kind, required=required, enum=enum, description=str(filter_.label or name))


def _by_key(self, request):
    params = type(self).by_key_params
    missing = [name for name in params if not request.query_params.get(name)]
    if missing:
        raise ApplicationError(_("Thiếu tham số của khóa tự nhiên: %(names)s.") % {"names": ", ".join(missing)},
                               code="missing_parameter", fields={name: [_("Bắt buộc.")] for name in missing})
    queryset = self.filter_queryset(self.get_queryset())
    rows = list(queryset.filter(natural_keys.key_condition(queryset.model))[:2])
    if not rows:
        raise not_found()
    if len(rows) > 1:
        optional = ", ".join(type(self).by_key_optional)
        raise ApplicationError(_("Có nhiều hồ sơ khớp; hãy thêm %(names)s.") % {"names": optional or "id"},
                               code="ambiguous_key", status=409)
    return Response(self.get_serializer(rows[0]).data)


class ByKeyMixin:
    by_key_params = ()
    by_key_optional = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("by_key_params"):
            return
        filters = cls.filterset_class.base_filters
        parameters = [_parameter(name, filters[name], True) for name in cls.by_key_params]
        parameters += [_parameter(name, filters[name], False) for name in cls.by_key_optional]

        def by_key(self, request):
            return _by_key(self, request)

        by_key.__doc__ = (f"The one record with this {', '.join(cls.by_key_params)} (its natural key) in your "
                          f"scope, or 404.")
        cls.by_key = extend_schema(parameters=parameters, responses={200: cls.serializer_class})(
            action(detail=False, methods=["get"], url_path="by-key", pagination_class=None)(by_key))

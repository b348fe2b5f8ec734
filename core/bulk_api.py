"""Bulk writes: `POST …/bulk/` with many rows of one model, all or none.

    {"mode": "create" | "upsert", "rows": [{…a create body…}, …]}

Each row is the body a single POST takes and goes through the same serializer
and the same services (permission, write scope, validation), so a row may fail
for every reason a single POST does. Every row is tried; when any fails,
nothing is saved and the answer is 400 `bulk_invalid` (or the rows' common
status, e.g. 404 when every row is out of scope) with each failing row by its
index (0-based): `fields` maps `rows[i]` to its messages, `rows` gives
`{index, status, code, message, fields}`. In `upsert` mode a row whose natural
key (core.natural_keys) is already stored updates that record, or leaves it
untouched when nothing differs, so re-sending the same rows changes nothing.

Reads are preloaded, not repeated per row: related records by id (one query
per related field) and the stored records of every natural key (one query).
"""
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.relations import PrimaryKeyRelatedField
from rest_framework.response import Response

from . import natural_keys
from .api import flatten_errors
from .errors import ApplicationError
from .inputs import normalize_key
from .services import require_change

MAX_ROWS = 1000
CREATE, UPSERT = "create", "upsert"


class BulkRequestSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=[(CREATE, CREATE), (UPSERT, UPSERT)], default=CREATE,
        help_text="create: every row is new (a stored natural key is 409 `duplicate` for that row); "
                  "upsert: a row whose natural key is stored updates that record (unchanged: untouched).")
    rows = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=MAX_ROWS,
                                 help_text=f"The rows, each the body of a single create (at most {MAX_ROWS}).")


BulkResultSerializer = inline_serializer("BulkResult", {
    "created": serializers.IntegerField(),
    "updated": serializers.IntegerField(),
    "unchanged": serializers.IntegerField(),
    "results": inline_serializer("BulkRowResult", {
        "index": serializers.IntegerField(),
        "id": serializers.IntegerField(),
        "action": serializers.ChoiceField(choices=["created", "updated", "unchanged"]),
        "url": serializers.CharField(allow_null=True),
    }, many=True),
})


def _row_error(index, exc: ApplicationError):
    return {"index": index, "status": exc.status, "code": exc.code, "message": str(exc.message),
            "fields": exc.fields, **exc.extra}


def _field_names_error(serializer, row):
    """Row keys the create body does not take, as strict input refuses them (core/strict.py)."""
    read_only = sorted(n for n in row if n in serializer.fields and serializer.fields[n].read_only)
    unknown = sorted(n for n in row if n not in serializer.fields)
    if read_only:
        return "read_only_field", {n: [_("Trường chỉ đọc.")] for n in read_only}
    if unknown:
        return "unknown_field", {n: [_("Trường không được nhận.")] for n in unknown}
    return None


def bulk_failed(errors, total):
    statuses = {error["status"] for error in errors}
    details = "; ".join(_("dòng %(n)s: %(msg)s") % {"n": e["index"], "msg": e["message"]} for e in errors[:10])
    return ApplicationError(
        _("%(bad)s/%(all)s dòng không hợp lệ, chưa lưu dòng nào (%(details)s).")
        % {"bad": len(errors), "all": total, "details": details},
        code="bulk_invalid", status=statuses.pop() if len(statuses) == 1 else 400,
        fields={f"rows[{e['index']}]": [e["message"]] for e in errors}, extra={"rows": errors})


def _same(instance, data):
    """Whether saving `data` would change nothing stored on `instance`."""
    for name, value in data.items():
        if value is None and name not in {f.name for f in instance._meta.concrete_fields}:
            continue  # an optional nested list not sent (a rating's members)
        try:
            field = instance._meta.get_field(name)
        except Exception:  # noqa: BLE001  (not a field: a nested list that was sent)
            return False
        if not getattr(field, "concrete", False) or field.many_to_many:
            return False
        stored = getattr(instance, field.attname)
        given = value.pk if field.is_relation and value is not None else value
        if normalize_key(stored) != normalize_key(given):
            return False
    return True


class _Preloaded:
    """Related records of every row, read once per field (ids outside the user's
    scope are read too: the services then answer 403 or 404 for that row)."""

    def __init__(self, serializer_factory, rows):
        probe = serializer_factory()
        self.records = {}
        for name, field in probe.fields.items():
            if isinstance(field, PrimaryKeyRelatedField) and not field.read_only:
                ids = {row.get(name) for row in rows if isinstance(row, dict)}
                ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
                model = getattr(field, "model", None)
                queryset = model._default_manager.all() if model is not None else field.get_queryset()
                self.records[name] = queryset.in_bulk(ids)

    def attach(self, serializer):
        for name, found in self.records.items():
            field = serializer.fields[name]

            def lookup(data, field=field, found=found):
                if isinstance(data, bool) or not isinstance(data, int) or data not in found:
                    field.fail("does_not_exist", pk_value=data)
                return found[data]

            field.to_internal_value = lookup
        return serializer


def _bulk_action(request_serializer):
    def bulk(self, request):
        return self.bulk_answer(request)

    bulk.__doc__ = ("Many rows at once, all or none; `mode=upsert` updates the records whose natural key is "
                    "stored. Failing rows are listed by index (0-based) in the error's `rows`.")
    return extend_schema(request=request_serializer,
                         responses={200: BulkResultSerializer, 201: BulkResultSerializer})(
        action(detail=False, methods=["post"], url_path="bulk", pagination_class=None, filter_backends=[])(bulk))


class BulkWriteMixin:
    """`POST …/bulk/` for a ServiceViewSet whose model declares NATURAL_KEY."""

    bulk_request = BulkRequestSerializer  # a subclass may take more top-level fields (see bulk_rows)
    bulk = _bulk_action(BulkRequestSerializer)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "bulk_request" in cls.__dict__:
            cls.bulk = _bulk_action(cls.bulk_request)

    def bulk_rows(self, body):
        return body["rows"]

    def bulk_answer(self, request):
        body = self.body(type(self).bulk_request)
        rows = self.bulk_rows(body)
        results = self.bulk_write(rows, body["mode"])
        counts = {name: sum(1 for r in results if r["action"] == name) for name in ("created", "updated", "unchanged")}
        answer = status.HTTP_201_CREATED if counts["created"] else status.HTTP_200_OK
        for row in results:
            row["url"] = request.build_absolute_uri(row["url"]) if row["url"] else None
        return Response({**counts, "results": results}, status=answer)

    def bulk_same(self, instance, data):
        """Whether an upsert row would change nothing (a viewset with nested rows compares those too)."""
        return _same(instance, data)

    def bulk_write(self, rows, mode):
        model = self.get_queryset().model
        preloaded = _Preloaded(lambda: self.get_serializer(), rows)
        errors, valid = [], []
        for index, row in enumerate(rows):
            serializer = preloaded.attach(self.get_serializer(data=row))
            refused = _field_names_error(serializer, row) if isinstance(row, dict) else None
            if refused:
                errors.append({"index": index, "status": 400, "code": refused[0], "fields": refused[1],
                               "message": _("Dòng có trường không được nhận: %(names)s.") % {
                                   "names": ", ".join(refused[1])}})
                continue
            if not serializer.is_valid():
                errors.append({"index": index, "status": 400, "code": "invalid",
                               "fields": flatten_errors(serializer.errors),
                               "message": _("Dữ liệu không hợp lệ.")})
                continue
            data = self.service_kwargs(serializer.validated_data)
            probe = model(**{name: data.get(name) for name in natural_keys.key_fields(model)})
            valid.append((index, data, natural_keys.key_of(probe)))
        stored = natural_keys.existing_by_key(model, [key for _i, _d, key in valid])
        results = []
        with transaction.atomic(), natural_keys.preloaded(model, stored):
            for index, data, key in valid:
                try:
                    results.append(self._bulk_row(index, data, stored.get(key) if mode == UPSERT else None))
                except ApplicationError as exc:
                    errors.append(_row_error(index, exc))
            if errors:
                errors.sort(key=lambda e: e["index"])
                raise bulk_failed(errors, len(rows))
        return results

    def _bulk_row(self, index, data, existing):
        user = self.request.user
        if existing is None:
            instance = type(self).create_service(user=user, **data)
            action_name = "created"
        elif self.bulk_same(existing, data):
            require_change(user, existing)
            instance, action_name = existing, "unchanged"
        else:
            type(self).update_service(user=user, **{self.instance_kwarg: existing}, **data)
            instance, action_name = existing, "updated"
        return {"index": index, "id": instance.pk, "action": action_name,
                "url": natural_keys.api_path(instance, instance.pk)}

"""Natural keys: the domain's own identifiers of a record, in one place.

A model declares the fields that identify it to other systems:

    NATURAL_KEY = ("organization", "year", "subject")
    NATURAL_KEY_CONDITION = Q(removed_on__isnull=True)   # optional: only these rows are unique

and gets, through this module:
- one answer to every duplicate (in the model's words when it has a
  `duplicate_message()`), whichever door it came through: 409 `duplicate`
  with `existing_id` and `existing_url` (the existing record's API address),
  raised by `core.services.validated_save` before anything is saved;
- exact lookups (`lookup`, used by the `by-key` routes) and the preloading of
  many keys in one query for bulk writes (`existing_by_key`).
Text key values are compared in Unicode NFC without surrounding spaces
(`core.inputs.normalize_key`), as they are stored.
"""
import contextlib
import contextvars
import operator
from functools import reduce

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .inputs import normalize_key

# Keys known in advance by a bulk write: {model: {key: existing pk}} (see `preloaded`).
_known = contextvars.ContextVar("natural_keys_known", default=None)


def key_fields(model) -> tuple:
    return tuple(getattr(model, "NATURAL_KEY", ()) or ())


def key_condition(model) -> Q:
    return getattr(model, "NATURAL_KEY_CONDITION", None) or Q()


def _attname(model, name):
    return model._meta.get_field(name).attname


def key_of(instance) -> tuple | None:
    """The instance's key values (related records by id), or None while one is missing."""
    model = type(instance)
    values = tuple(normalize_key(getattr(instance, _attname(model, name))) for name in key_fields(model))
    if not values or any(value in (None, "") for value in values):
        return None
    return values


def key_q(model, key) -> Q:
    return Q(**{_attname(model, name): value for name, value in zip(key_fields(model), key, strict=True)})


def _applies(instance) -> bool:
    """Whether the instance is one of the rows its model keeps unique (the condition holds)."""
    for lookup, wanted in key_condition(type(instance)).children:  # plain `field` or `field__isnull` terms
        name, _sep, suffix = lookup.partition("__")
        value = getattr(instance, _attname(type(instance), name))
        if (value is None) != wanted if suffix == "isnull" else value != wanted:
            return False
    return True


def api_path(instance_or_model, pk):
    """The API detail path of a record (None when it has no API route)."""
    from .changes import detail_url_names  # noqa: PLC0415  (the URLconf is read lazily)

    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    name = detail_url_names().get(model._meta.label_lower)
    if name is None:
        return None
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def duplicate_error(instance, existing_pk, message=None) -> ApplicationError:
    """409 `duplicate` naming the record that already holds the key."""
    model = type(instance)
    if message is None and hasattr(instance, "duplicate_message"):  # the model's own words
        message = instance.duplicate_message()
    message = message or _("Đã có %(what)s với cùng %(key)s: «%(existing)s».") % {
        "what": model._meta.verbose_name,
        "key": ", ".join(str(model._meta.get_field(name).verbose_name) for name in key_fields(model)),
        "existing": model._default_manager.filter(pk=existing_pk).first() or existing_pk,
    }
    fields = {name: [_("Đã được dùng.")] for name in key_fields(model)}
    return ApplicationError(message, code="duplicate", status=409, fields=fields,
                            extra={"existing_id": existing_pk, "existing_url": api_path(model, existing_pk)})


def existing_pk(instance):
    """The pk of another stored record with the instance's key (None when there is none)."""
    model = type(instance)
    key = key_of(instance)
    if key is None or not _applies(instance):
        return None
    known = (_known.get() or {}).get(model)
    if known is not None:
        found = known.get(key)
        return found if found != instance.pk else None
    return (model._default_manager.filter(key_condition(model), key_q(model, key))
            .exclude(pk=instance.pk).values_list("pk", flat=True).first())


def check_unique(instance, message=None):
    """Raise 409 `duplicate` when another record holds the instance's natural key."""
    found = existing_pk(instance)
    if found is not None:
        raise duplicate_error(instance, found, message)


def remember(instance):
    """After a save inside `preloaded`: the instance now holds its key."""
    known = (_known.get() or {}).get(type(instance))
    key = key_of(instance)
    if known is not None and key is not None and _applies(instance):
        known[key] = instance.pk


def existing_by_key(model, keys) -> dict:
    """{key: record} for the stored records among `keys`, in one query."""
    keys = [key for key in set(keys) if key is not None]
    if not keys:
        return {}
    owners = [name for name in getattr(model, "WRITE_SCOPE_FIELDS", ()) if name and "__" not in name]
    records = model._default_manager.filter(
        key_condition(model), reduce(operator.or_, (key_q(model, k) for k in keys))).select_related(*owners)
    found = {}
    for record in records:
        found[key_of(record)] = record
    return found


@contextlib.contextmanager
def preloaded(model, records: dict):
    """Within the block, duplicates of `model` are found in `records` ({key: record}),
    kept up to date by `remember`, instead of one query per save."""
    known = dict(_known.get() or {})
    known[model] = {key: record.pk for key, record in records.items()}
    token = _known.set(known)
    try:
        yield
    finally:
        _known.reset(token)


def lookup(queryset, params: dict):
    """The one record of `queryset` with exactly these key values (already typed), or None."""
    model = queryset.model
    values = {_attname(model, name): normalize_key(params[name]) for name in key_fields(model)}
    return queryset.filter(key_condition(model), **values).first()

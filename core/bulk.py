"""Set-based writes for imports: the models' own validation without a query
per row, and inserts/updates in batches that keep the audit trail (history
rows and the change feed), so the statements an import sends grow with the
number of batches, not of rows.

- `clean_without_queries(instance)` is `full_clean` minus its per-row queries:
  foreign keys are not looked up (the caller resolved them from preloaded
  maps), unique checks are the caller's (and the database's), and check
  constraints are evaluated in Python with SQL's three-valued logic. A
  condition this evaluator cannot read is checked by Django as usual.
- `bulk_save_audited(model, created, updated, fields=…, user=…)` inserts and
  updates in chunks with one history insert and one change-feed insert per
  chunk."""
import operator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q

from .audit import request_info
from .changes import record_changes

BATCH_SIZE = 500

_COMPARISONS = {
    "exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le,
    "in": lambda value, options: value in options,
}


class _Unreadable(Exception):
    """A condition the Python evaluator does not understand."""


def _value(instance, reference):
    if isinstance(reference, F):
        return getattr(instance, instance._meta.get_field(reference.name).attname)
    if hasattr(reference, "resolve_expression"):
        raise _Unreadable(reference)
    return reference


def _holds(instance, node):
    """True, False or None (SQL's unknown) for a Q tree over the instance's own fields."""
    if isinstance(node, Q):
        results = [_holds(instance, child) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else None if None in results else True
        else:
            result = True if True in results else None if None in results else False
        return (None if result is None else not result) if node.negated else result
    if not isinstance(node, tuple):
        raise _Unreadable(node)
    lookup, expected = node
    name, _, operation = lookup.partition("__")
    try:
        field = instance._meta.get_field(name)
    except Exception as exc:
        raise _Unreadable(lookup) from exc
    actual = getattr(instance, field.attname)
    if operation == "isnull":
        return (actual is None) == bool(expected)
    compare = _COMPARISONS.get(operation or "exact")
    if compare is None:
        raise _Unreadable(lookup)
    expected = _value(instance, expected)
    if actual is None or expected is None:
        return None
    return compare(actual, expected)


def _references(node):
    if isinstance(node, Q):
        for child in node.children:
            yield from _references(child)
    elif isinstance(node, tuple):
        yield node[0].split("__")[0]
        if isinstance(node[1], F):
            yield node[1].name


def clean_without_queries(instance, exclude=()):
    """Validate like full_clean(validate_unique=False), sending no query."""
    exclude = set(exclude)
    relations = {f.name for f in instance._meta.concrete_fields if f.is_relation}
    errors = {}
    try:
        instance.full_clean(exclude=list(exclude | relations), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for name in relations - exclude:
        field = instance._meta.get_field(name)
        if getattr(instance, field.attname) is None and not field.null:
            errors.setdefault(name, []).append(field.error_messages["null"])
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue  # unique constraints: the caller's duplicate checks, then the database
        if exclude & set(_references(constraint.condition)):
            continue
        try:
            holds = _holds(instance, constraint.condition)
        except _Unreadable:
            try:
                constraint.validate(type(instance), instance, exclude=exclude)
            except ValidationError as exc:
                errors.setdefault(NON_FIELD_ERRORS, []).extend(exc.messages)
            continue
        if holds is False:
            errors.setdefault(NON_FIELD_ERRORS, []).append(constraint.get_violation_error_message())
    if errors:
        raise ValidationError(errors)


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _audit(model, objects, *, update, user, reason):
    history = getattr(model, "history", None)
    if history is None:
        return
    rows = history.bulk_history_create(objects, update=update, default_user=user,
                                       custom_historical_attrs=request_info(reason))
    record_changes(objects, rows)


def bulk_save_audited(model, created=(), updated=(), *, fields, user=None, reason="", batch_size=BATCH_SIZE):
    """Insert `created` and update `fields` of `updated`, in chunks, each chunk
    with its history rows and change-feed rows. Call inside transaction.atomic()."""
    created, updated = list(created), list(updated)
    searchable = hasattr(model, "build_search_text")
    for objects in (created, updated):
        if searchable:
            for obj in objects:
                obj.search_text = obj.build_search_text()
    fields = list(fields) + (["search_text"] if searchable and "search_text" not in fields else [])
    for chunk in _chunks(created, batch_size):
        model.objects.bulk_create(chunk)
        _audit(model, chunk, update=False, user=user, reason=reason)
    for chunk in _chunks(updated, batch_size):
        model.objects.bulk_update(chunk, fields)
        _audit(model, chunk, update=True, user=user, reason=reason)

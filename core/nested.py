"""Nested lists in API answers follow the reader's scope: one helper for all.

A record a user may read can hold rows that belong to other subtrees: a joint
inspection's self-inspection reports, a city program's items, the targets of an
item. Each nested list of organization-bound rows is cut here to the rows that
`Model.objects.for_user(reader)` holds. The check costs a fixed number of queries
per answer, whatever its size: once per answer, whether the reader's subtrees hold
every organization (the Board, the city's API client: nothing to cut); else once
per nested model, the ids the reader may see (a district's rows only). A row whose
model is not bound to an organization (a team member, a transition) belongs to
its parent and is kept. Without a reader nothing bound is shown."""
from django.db.models import Manager
from rest_framework import serializers

from .concern import hidden_names, redact, sees_everything
from .scoping import user_scope_paths

CACHE_KEY = "_nested_scope"


def reader(context):
    """The user an answer is for: the request's, else context["user"]."""
    request = context.get("request")
    return getattr(request, "user", None) if request is not None else context.get("user")


def is_scope_bound(model):
    return hasattr(model._default_manager.all(), "for_user")


def _visible_ids(model, user, cache):
    if model not in cache:
        cache[model] = set(model._default_manager.for_user(user).values_list("pk", flat=True))
    return cache[model]


def visible_rows(rows, context):
    """The rows of a nested list (a related manager, a queryset or a list) that
    the reader of `context` may see, in their order."""
    # A manager's .all() uses the prefetched rows; a queryset's would query again.
    rows = list(rows.all() if isinstance(rows, Manager) else rows)
    if not rows or not is_scope_bound(type(rows[0])):
        return rows
    user = reader(context)
    roots = user_scope_paths(user)
    if roots is None:
        return rows
    cache = context.setdefault(CACHE_KEY, {}) if isinstance(context, dict) else {}
    # Kept in the answer's context, where the hidden names (RedactedMixin) find it too.
    if sees_everything(user, roots, context if isinstance(context, dict) else None):
        return rows
    visible = _visible_ids(type(rows[0]), user, cache)
    return [row for row in rows if row.pk in visible]


class ScopedListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return super().to_representation(visible_rows(data, self.context))


class ScopedManyRelatedField(serializers.ManyRelatedField):
    """Ids of related records, only those the reader may see."""

    def to_representation(self, iterable):
        return super().to_representation(visible_rows(iterable, self.context))


def scoped_list(serializer_class, **kwargs):
    """A read-only nested list of `serializer_class` rows, cut to the reader's scope."""
    kwargs.setdefault("read_only", True)
    return ScopedListSerializer(child=serializer_class(), **kwargs)


def scoped_ids(child_relation, **kwargs):
    """A writable many-valued related field whose answer lists only the ids the reader may see."""
    return ScopedManyRelatedField(child_relation=child_relation, **kwargs)


class RedactedMixin:
    """A serializer of a multi-unit record (a joint notice, inspection, program):
    the model's REDACTED_FIELDS are answered with the other units' names hidden
    from the reader (core.concern), computed once per answer."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        fields = [name for name in getattr(type(instance), "REDACTED_FIELDS", ()) if data.get(name)]
        if fields:
            context = self.context
            names = hidden_names(reader(context), cache=context if isinstance(context, dict) else None)
            for name in fields:
                data[name] = redact(data[name], names)
        return data

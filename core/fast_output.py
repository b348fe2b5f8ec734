"""A lighter read path for serializers of long lists (#18): the same answer as
DRF's, with less machinery per field and row.

DRF's `Serializer.to_representation` walks its fields through a generator on
every row and reads each value through `Field.get_attribute` (a loop over the
source's parts, Mapping and callable checks, exception handling for defaults).
For a field read straight from a model column or a foreign key that is all
ceremony: the value is one `getattr`. `FastOutputMixin` sorts the fields once
per serializer (a list's child serves every row) into

- a column (or the object a foreign key holds): `getattr`, then the field's own
  `to_representation`;
- a related field answered by primary key: the `<fk>_id` column, without the
  related object (what DRF's pk-only optimisation reads);
- a nested list of a prefetched relation: the prefetched rows, without the
  related manager Django builds on every access (the costliest part of a row);
  with `prefetched_lists()`, rows Django kept in a plain list (`to_attr`): it
  then builds no manager and queryset per row and relation while prefetching
  either (the HTML pages, which call `.all()`, keep the selectors' prefetches);
- anything else (dotted sources, methods, nested lists, defaults): DRF's path.

A missing related object (ObjectDoesNotExist) reads as None, a None as None, as
in DRF. Subclasses that adjust the answer call `super().to_representation()`."""
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Prefetch
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField
from rest_framework.serializers import ListSerializer

COLUMN, PRIMARY_KEY, PREFETCHED, GENERIC = 1, 2, 3, 4
ROWS = "%s_rows"


def prefetched_lists(queryset, **relations):
    """`queryset` with each of `relations` (name: the queryset of its rows, or None) prefetched into a
    plain list `<name>_rows` in place of its other prefetches, for a serializer with FastOutputMixin."""
    lookups = [Prefetch(name, queryset=rows, to_attr=ROWS % name) for name, rows in relations.items()]
    return queryset.prefetch_related(None).prefetch_related(*lookups)


def _reads_rows(field):
    """Whether `field` answers any iterable of rows as it answers their related manager."""
    return isinstance(field, ListSerializer | ManyRelatedField) or getattr(field, "reads_rows", False)


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _kind(field, model):
    """How `field` is read from an instance of `model`, and the attribute to read."""
    attrs = field.source_attrs
    if model is None or len(attrs) != 1:
        return GENERIC, None
    model_field = _model_field(model, attrs[0])
    if model_field is not None and (model_field.many_to_many or model_field.one_to_many) and _reads_rows(field):
        # The key under which prefetch_related keeps the rows: the field's name forward, the accessor backward.
        name = model_field.name if model_field.concrete else model_field.get_accessor_name()
        return (PREFETCHED, name) if name == attrs[0] else (GENERIC, None)
    if model_field is None or not model_field.concrete or model_field.many_to_many:
        return GENERIC, None
    if isinstance(field, PrimaryKeyRelatedField):
        plain_pk = (field.pk_field is None and field.use_pk_only_optimization()
                    and type(field).to_representation is PrimaryKeyRelatedField.to_representation)
        if plain_pk and isinstance(model_field, models.ForeignKey):
            return PRIMARY_KEY, model_field.attname
        return GENERIC, None
    return COLUMN, attrs[0]


class FastOutputMixin:
    def _output_plan(self):
        plan = self.__dict__.get("_fast_output_plan")
        if plan is None:
            model = getattr(getattr(self, "Meta", None), "model", None)
            plan = self._fast_output_plan = [(field.field_name, field, *_kind(field, model))
                                             for field in self._readable_fields]
        return plan

    def to_representation(self, instance):
        ret = {}
        for name, field, kind, attr in self._output_plan():
            if kind == COLUMN:
                try:
                    value = getattr(instance, attr)
                except ObjectDoesNotExist:
                    value = None
                ret[name] = None if value is None else field.to_representation(value)
            elif kind == PREFETCHED and ROWS % attr in instance.__dict__:
                ret[name] = field.to_representation(instance.__dict__[ROWS % attr])
            elif kind == PREFETCHED and attr in getattr(instance, "_prefetched_objects_cache", ()):
                ret[name] = field.to_representation(instance._prefetched_objects_cache[attr])
            elif kind == PRIMARY_KEY:
                value = getattr(instance, attr)
                ret[name] = None if value is None else field.to_representation(PKOnlyObject(pk=value))
            else:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                check_for_none = value.pk if isinstance(value, PKOnlyObject) else value
                ret[name] = None if check_for_none is None else field.to_representation(value)
        return ret

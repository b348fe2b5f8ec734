import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .scoping import subtree_q


class SearchFilterSet(django_filters.FilterSet):
    """Adds `q`: diacritics- and case-insensitive search over the model's search text."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


def scoped_queryset(model):
    """Choices for a model-choice filter, limited to the requesting user's scope."""

    def queryset(request):
        user = getattr(request, "user", None)
        return model.objects.for_user(user)

    return queryset


@extend_schema_field(OpenApiTypes.INT)
class ModelIdFilter(django_filters.ModelChoiceFilter):
    """A record chosen by id, typed as an integer in the API schema even when
    the filter works through a method."""


class SubtreeFilter(ModelIdFilter):
    """`within=<organization id>`: rows bound to that organization's whole subtree,
    chosen among the organizations in scope. By default through the model's scope
    lookups (`.within`); `fields=` names other organization lookups (any matches)."""

    def __init__(self, *args, fields=(), **kwargs):
        from organizations.models import Organization

        self.fields = tuple(fields)
        kwargs.setdefault("label", _("Thuộc cây của"))
        kwargs.setdefault("queryset", scoped_queryset(Organization))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if not self.fields:
            return qs.within(value)
        condition = Q()
        for field in self.fields:
            condition |= subtree_q(value.path, f"{field}__")
        return qs.filter(condition)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A year: a whole number within the range dates can hold (a `__year` lookup
    on a date would fail on year 10000), typed as an integer in the API schema."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)

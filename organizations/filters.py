import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet, SubtreeFilter, scoped_queryset

from .choices import GrassrootsType, OrganizationKind, OrganizationLevel
from .models import Organization


class OrganizationFilterSet(SearchFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Loại tổ chức"), choices=OrganizationKind.choices)
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=OrganizationLevel.choices)
    grassroots_type = django_filters.ChoiceFilter(label=_("Loại hình"), choices=GrassrootsType.choices)
    parent = django_filters.ModelChoiceFilter(label=_("Trực thuộc"), queryset=scoped_queryset(Organization))
    within = SubtreeFilter()
    active_on = django_filters.DateFilter(label=_("Còn hoạt động vào ngày"), method="filter_active_on")

    class Meta:
        model = Organization
        fields = ["q", "kind", "level", "grassroots_type", "has_government", "parent", "within", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value) if value else queryset

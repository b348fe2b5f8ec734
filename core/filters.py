import django_filters
from django.utils.translation import gettext_lazy as _


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

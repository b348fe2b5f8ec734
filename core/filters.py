import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .errors import ApplicationError
from .inputs import normalize_key, real_year_range, validate_real_date
from .personal import may_see_personal_data, personal_fields
from .scoping import organization_model, subtree_q


class SearchFilterSet(django_filters.FilterSet):
    """Adds `q`: diacritics- and case-insensitive search over the model's search text."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")

    def filter_search(self, queryset, name, value):
        request = getattr(self, "request", None)
        return queryset.search(value, user=getattr(request, "user", None), cache=request)


class PersonalFiltersMixin:
    """A FilterSet whose filters on personal fields (core.personal) need the
    personal-data grant: without it, filtering by them would tell the value."""

    def filter_queryset(self, queryset):
        fields = personal_fields(self._meta.model)
        asked = sorted(name for name in fields & set(self.form.cleaned_data)
                       if self.form.cleaned_data[name] not in (None, ""))
        if asked and not may_see_personal_data(getattr(self.request, "user", None)):
            message = str(_("Lọc theo dữ liệu cá nhân (%(fields)s) cần quyền xem dữ liệu cá nhân.")
                          % {"fields": ", ".join(asked)})
            raise ApplicationError(message, code="personal_data", status=403,
                                   fields={name: [message] for name in asked})
        return super().filter_queryset(queryset)


def scoped_queryset(model):
    """Choices for a model-choice filter, limited to the requesting user's scope
    (organizations with their parents, which their labels name)."""

    def queryset(request):
        user = getattr(request, "user", None)
        if model is organization_model():
            return _organizations_in_scope(request)
        return model.objects.for_user(user)

    return queryset


def _organizations_in_scope(request):
    return organization_model().objects.for_user(getattr(request, "user", None)).select_related("parent")


class LabelledChoiceField(forms.ModelChoiceField):
    """A choice labelled by the record's `picker_label` when it has one: namesake
    organizations are told apart by their parent ("Chi bộ Khu phố 1 – Đảng ủy phường 1")."""

    def label_from_instance(self, obj):
        return getattr(obj, "picker_label", None) or str(obj)


@extend_schema_field(OpenApiTypes.INT)
class ModelIdFilter(django_filters.ModelChoiceFilter):
    """A record chosen by id, typed as an integer in the API schema even when
    the filter works through a method; choices labelled as pickers label them."""

    field_class = LabelledChoiceField


class SubtreeFilter(ModelIdFilter):
    """`within=<organization id>`: rows bound to that organization's whole subtree,
    chosen among the organizations in scope. By default through the model's scope
    lookups (`.within`); `fields=` names other organization lookups (any matches)."""

    def __init__(self, *args, fields=(), **kwargs):
        self.fields = tuple(fields)
        kwargs.setdefault("label", _("Thuộc cây của"))
        kwargs.setdefault("queryset", _organizations_in_scope)
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


class CodeFilter(django_filters.CharFilter):
    """`code=<code>`: the record whose own code is exactly this one (the natural key
    other systems hold), unlike `q`, which also finds longer codes that contain it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Mã (chính xác)"))
        kwargs.setdefault("field_name", "code")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, normalize_key(value))


class AsOfFilter(django_filters.DateFilter):
    """`as_of=<date>` (dd/mm/yyyy or yyyy-mm-dd, default today): the day a list is
    read as of. The selector applies it; here it is validated and documented."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Tính đến ngày"))
        kwargs.setdefault("validators", [validate_real_date])  # 01/01/1945 .. today + 10 years: 400 outside
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A year (on a year column or a date's `__year`), bounded like the real
    dates (core/inputs.py): `?year=99999` or `?year=²` is a 400, not a 500."""

    field_class = forms.IntegerField

    @property
    def field(self):
        if not hasattr(self, "_field"):
            first, last = real_year_range()
            self.extra.update(min_value=first, max_value=last)
        return super().field

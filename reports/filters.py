import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import scoped_queryset
from organizations.models import Organization

from .choices import ReportStatus
from .kinds import kind_choices
from .models import Report


@extend_schema_field(OpenApiTypes.INT)
class WithinFilter(django_filters.ModelChoiceFilter):
    """`within=<organization id>`: reports over that organization's whole subtree.
    (core.filters.SubtreeFilter on main does the same; use it after the merge.)"""

    def filter(self, qs, value):
        return qs.within(value) if value else qs


class ReportFilterSet(django_filters.FilterSet):
    """Shared by the API and the HTML list."""

    kind = django_filters.ChoiceFilter(label=_("Loại báo cáo"), choices=kind_choices)
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=ReportStatus.choices)
    scope = django_filters.ModelChoiceFilter(label=_("Phạm vi"), queryset=scoped_queryset(Organization))
    within = WithinFilter(label=_("Thuộc cây của"), queryset=scoped_queryset(Organization))
    period = django_filters.CharFilter(label=_("Kỳ báo cáo"), field_name="period_key")
    period_from = django_filters.DateFilter(label=_("Kỳ kết thúc từ ngày"), field_name="period_end", lookup_expr="gte")
    period_to = django_filters.DateFilter(label=_("Kỳ bắt đầu đến ngày"), field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Report
        fields = ["kind", "status", "scope", "within", "period", "period_from", "period_to"]

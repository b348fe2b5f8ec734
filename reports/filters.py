import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SubtreeFilter, scoped_queryset
from organizations.models import Organization

from .choices import ReportStatus
from .kinds import kind_choices
from .models import Report
from .periods import normalize_key


class ReportFilterSet(django_filters.FilterSet):
    """Shared by the API and the HTML list."""

    kind = django_filters.ChoiceFilter(label=_("Loại báo cáo"), choices=kind_choices)
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=ReportStatus.choices)
    scope = django_filters.ModelChoiceFilter(label=_("Phạm vi"), queryset=scoped_queryset(Organization))
    within = SubtreeFilter()
    period = django_filters.CharFilter(label=_("Kỳ báo cáo"), method="filter_period")
    period_from = django_filters.DateFilter(label=_("Kỳ kết thúc từ ngày"), field_name="period_end", lookup_expr="gte")
    period_to = django_filters.DateFilter(label=_("Kỳ bắt đầu đến ngày"), field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Report
        fields = ["kind", "status", "scope", "within", "period", "period_from", "period_to"]

    def filter_period(self, queryset, name, value):
        # "07/12/2026" finds the day report keyed "2026-12-07".
        return queryset.filter(period_key=normalize_key(value)) if value else queryset

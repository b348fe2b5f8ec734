import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SubtreeFilter, scoped_queryset
from organizations.models import Organization

from .choices import ReportStatus
from .kinds import kind_choices
from .models import Report


class ReportFilterSet(django_filters.FilterSet):
    """Shared by the API and the HTML list."""

    kind = django_filters.ChoiceFilter(label=_("Loại báo cáo"), choices=kind_choices)
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=ReportStatus.choices)
    scope = django_filters.ModelChoiceFilter(label=_("Phạm vi"), queryset=scoped_queryset(Organization))
    within = SubtreeFilter()
    period = django_filters.CharFilter(label=_("Kỳ báo cáo"), field_name="period_key")
    period_from = django_filters.DateFilter(label=_("Kỳ kết thúc từ ngày"), field_name="period_end", lookup_expr="gte")
    period_to = django_filters.DateFilter(label=_("Kỳ bắt đầu đến ngày"), field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Report
        fields = ["kind", "status", "scope", "within", "period", "period_from", "period_to"]

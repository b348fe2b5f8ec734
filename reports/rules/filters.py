import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SubtreeFilter, YearFilter, scoped_queryset
from inspection.models import Inspection

from .choices import Outcome, RunStatus
from .models import RuleCheckResult, RuleCheckRun


class RuleCheckRunFilterSet(django_filters.FilterSet):
    within = SubtreeFilter()
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RunStatus.choices)
    year = YearFilter(label=_("Năm"), field_name="period_end__year")
    inspection = django_filters.ModelChoiceFilter(label=_("Cuộc kiểm tra"), queryset=scoped_queryset(Inspection))

    class Meta:
        model = RuleCheckRun
        fields = ["within", "status", "year", "scope", "inspection"]


class RuleCheckResultFilterSet(django_filters.FilterSet):
    within = SubtreeFilter()
    outcome = django_filters.MultipleChoiceFilter(label=_("Kết quả"), choices=Outcome.choices)
    rule_code = django_filters.CharFilter(label=_("Mã quy định"))
    topic = django_filters.CharFilter(label=_("Nội dung"))
    recorded = django_filters.BooleanFilter(label=_("Đã ghi thành hạn chế"), field_name="finding",
                                            lookup_expr="isnull", exclude=True)

    class Meta:
        model = RuleCheckResult
        fields = ["run", "within", "outcome", "rule_code", "topic", "organization"]

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import AsOfFilter, SubtreeFilter, YearFilter, scoped_queryset
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
    as_of = AsOfFilter(help_text=_("Kết quả còn hiệu lực vào ngày này: của lượt kiểm tra xong gần nhất có kỳ kết thúc "
                                   "đến ngày đó, cho mỗi tổ chức và quy định (kèm outcome=breach: các vi phạm còn "
                                   "mở vào ngày đó)."))

    class Meta:
        model = RuleCheckResult
        fields = ["run", "within", "outcome", "rule_code", "topic", "organization", "as_of"]

    def filter_queryset(self, queryset):
        day = self.form.cleaned_data.get("as_of")
        return super().filter_queryset(standing_on(queryset, day) if day else queryset)


def standing_on(results, day):
    """The results that stood on `day`: from finished runs whose period had ended by
    then, each the latest judgment of its organization and rule (a later run over a
    period ended by `day` supersedes it). One query, whatever the number of rows."""
    later = RuleCheckResult.objects.filter(
        organization=OuterRef("organization"), rule_code=OuterRef("rule_code"), run__status=RunStatus.DONE,
        run__period_end__lte=day, run__period_end__gt=OuterRef("run__period_end"),
    )
    return results.filter(run__status=RunStatus.DONE, run__period_end__lte=day).exclude(Exists(later))

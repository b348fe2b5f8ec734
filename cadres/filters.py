"""One FilterSet per listed model, shared by the API and (later) the HTML lists.
`as_of` answers "as of date D" from the records' own dates; `within` is a
subtree of the organization the record belongs to."""
import django_filters
from django.db.models import CharField, Prefetch, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import CodeFilter, ModelIdFilter, SearchFilterSet, SubtreeFilter, scoped_queryset
from core.text import fold
from organizations.choices import OrganizationLevel
from organizations.models import Organization, Term

from .choices import (
    Gender,
    MovementKind,
    PlanningStatus,
    TheoryLevel,
    TrainingKind,
    TrainingStatus,
    theory_level_rank,
)
from .models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord


def _below_levels(level):
    rank = theory_level_rank(level)
    return [value for value in TheoryLevel.values if theory_level_rank(value) < rank]


class CadreRecordFilterSet(SearchFilterSet):
    """Filters shared by the records that belong to one cadre."""

    cadre = ModelIdFilter(label=_("Cán bộ"), queryset=scoped_queryset(Cadre))
    theory_level = django_filters.MultipleChoiceFilter(
        label=_("Trình độ LLCT của cán bộ"), field_name="cadre__theory_level", choices=TheoryLevel.choices
    )
    gender = django_filters.ChoiceFilter(label=_("Giới tính"), field_name="cadre__gender", choices=Gender.choices)

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(cadre__search_text__contains=word)
        return queryset


def current_assignments_prefetch(day=None):
    """A cadre's titles held on `day` (default today), as `current_assignments`."""
    day = day or timezone.localdate()
    return Prefetch(
        "title_assignments",
        queryset=TitleAssignment.objects.active_on(day).select_related("title", "organization"),
        to_attr="current_assignments",
    )


class CadreFilterSet(SearchFilterSet):
    within = SubtreeFilter()
    organization = ModelIdFilter(label=_("Đơn vị"), queryset=scoped_queryset(Organization))
    gender = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Gender.choices)
    theory_level = django_filters.MultipleChoiceFilter(label=_("Trình độ LLCT"), choices=TheoryLevel.choices)
    theory_level_below = django_filters.ChoiceFilter(
        label=_("Trình độ LLCT dưới"), choices=TheoryLevel.choices, method="filter_theory_level_below"
    )
    title = ModelIdFilter(
        label=_("Đang giữ chức danh (vào ngày as_of)"), queryset=Title.objects.all(), method="filter_title"
    )
    term = ModelIdFilter(
        label=_("Trong quy hoạch nhiệm kỳ (vào ngày as_of)"), queryset=Term.objects.all(), method="filter_term"
    )
    code = CodeFilter()
    as_of = django_filters.DateFilter(label=_("Vào ngày"), method="filter_as_of")

    class Meta:
        model = Cadre
        fields = ["q", "code", "within", "organization", "gender", "theory_level", "theory_level_below", "title",
                  "term", "as_of"]


    def filter_theory_level_below(self, queryset, name, value):
        return queryset.filter(theory_level__in=_below_levels(value)) if value else queryset

    def _as_of(self):
        return self.form.cleaned_data.get("as_of") or timezone.localdate()

    def filter_title(self, queryset, name, value):
        if not value:
            return queryset
        held = TitleAssignment.objects.active_on(self._as_of()).filter(title=value).values("cadre_id")
        return queryset.filter(pk__in=held)

    def filter_term(self, queryset, name, value):
        if not value:
            return queryset
        planned = PlanningEntry.objects.in_plan_on(self._as_of()).filter(term=value).values("cadre_id")
        return queryset.filter(pk__in=planned)

    def filter_as_of(self, queryset, name, value):
        """Read by the title and term filters; `current_titles` become the titles held that day."""
        if not value or value == timezone.localdate():
            return queryset
        return queryset.prefetch_related(None).prefetch_related(current_assignments_prefetch(value))


class TitleFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Tên chức danh"), lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=OrganizationLevel.choices)

    class Meta:
        model = Title
        fields = ["name", "level", "is_key", "min_theory_level"]


class TitleAssignmentFilterSet(CadreRecordFilterSet):
    within = SubtreeFilter(fields=("organization",))
    organization = ModelIdFilter(label=_("Tại tổ chức"), queryset=scoped_queryset(Organization))
    title = ModelIdFilter(label=_("Chức danh"), queryset=Title.objects.all())
    is_key = django_filters.BooleanFilter(label=_("Lãnh đạo chủ chốt"), field_name="title__is_key")
    as_of = django_filters.DateFilter(label=_("Đang giữ vào ngày"), method="filter_as_of")


    class Meta:
        model = TitleAssignment
        fields = ["q", "within", "organization", "cadre", "title", "is_key", "theory_level", "gender", "as_of"]

    def filter_as_of(self, queryset, name, value):
        return queryset.active_on(value) if value else queryset


class PlanningEntryFilterSet(CadreRecordFilterSet):
    within = SubtreeFilter(fields=("organization",))
    organization = ModelIdFilter(
        label=_("Tổ chức quy hoạch"), queryset=scoped_queryset(Organization)
    )
    title = ModelIdFilter(label=_("Chức danh"), queryset=Title.objects.all())
    term = ModelIdFilter(label=_("Nhiệm kỳ"), queryset=Term.objects.all())
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=PlanningStatus.choices)
    as_of = django_filters.DateFilter(label=_("Trong quy hoạch vào ngày"), method="filter_as_of")


    class Meta:
        model = PlanningEntry
        fields = ["q", "within", "organization", "cadre", "title", "term", "status", "theory_level", "gender",
                  "as_of"]

    def filter_queryset(self, queryset):
        day = self.form.cleaned_data.get("as_of")
        if day:  # in the plan that day: approved then, whatever happened since; `status` reads that day
            queryset = queryset.in_plan_on(day).annotate(
                status_as_of=Value(PlanningStatus.APPROVED, output_field=CharField()))
            self.filters["status"].field_name = "status_as_of"
        return super().filter_queryset(queryset)

    def filter_as_of(self, queryset, name, value):
        return queryset  # applied by filter_queryset


class TrainingRecordFilterSet(CadreRecordFilterSet):
    within = SubtreeFilter(fields=("cadre__organization",))
    kind = django_filters.MultipleChoiceFilter(label=_("Loại"), choices=TrainingKind.choices)
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=TrainingStatus.choices)
    course_level = django_filters.MultipleChoiceFilter(
        label=_("Trình độ của khóa học"), field_name="theory_level", choices=TheoryLevel.choices
    )
    as_of = django_filters.DateFilter(label=_("Đang học vào ngày"), method="filter_as_of")


    class Meta:
        model = TrainingRecord
        fields = ["q", "within", "cadre", "kind", "status", "course_level", "theory_level", "gender", "as_of"]

    def filter_as_of(self, queryset, name, value):
        return queryset.studying_on(value) if value else queryset


class MovementFilterSet(CadreRecordFilterSet):
    within = SubtreeFilter(fields=("to_organization", "from_organization"))
    kind = django_filters.MultipleChoiceFilter(label=_("Hình thức"), choices=MovementKind.choices)
    title = ModelIdFilter(
        label=_("Chức danh (đi hoặc đến)"), queryset=Title.objects.all(), method="filter_title"
    )
    effective_after = django_filters.DateFilter(
        label=_("Hiệu lực từ ngày"), field_name="effective_on", lookup_expr="gte"
    )
    as_of = django_filters.DateFilter(label=_("Đã có hiệu lực vào ngày"), method="filter_as_of")


    class Meta:
        model = Movement
        fields = ["q", "within", "cadre", "kind", "title", "effective_after", "theory_level", "gender", "as_of"]

    def filter_title(self, queryset, name, value):
        return queryset.filter(Q(to_title=value) | Q(from_title=value)) if value else queryset

    def filter_as_of(self, queryset, name, value):
        return queryset.effective_by(value) if value else queryset

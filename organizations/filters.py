import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import CodeFilter, PersonalFiltersMixin, SearchFilterSet, SubtreeFilter, YearFilter, scoped_queryset

from .choices import GrassrootsType, OrganizationKind, OrganizationLevel
from .models import (
    AdmissionYear,
    CellMeeting,
    CommitteeMember,
    Congress,
    MembershipStructure,
    Organization,
    OrganizationSuccession,
    QualityRating,
)


class OrganizationFilterSet(SearchFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Loại tổ chức"), choices=OrganizationKind.choices)
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=OrganizationLevel.choices)
    grassroots_type = django_filters.ChoiceFilter(label=_("Loại hình"), choices=GrassrootsType.choices)
    parent = django_filters.ModelChoiceFilter(label=_("Trực thuộc"), queryset=scoped_queryset(Organization))
    within = SubtreeFilter()
    code = CodeFilter()
    active_on = django_filters.DateFilter(label=_("Còn hoạt động vào ngày"), method="filter_active_on")
    # The name every other list uses for "on that day" (README "Dates"): the same filter.
    as_of = django_filters.DateFilter(label=_("Tính đến ngày"), method="filter_active_on",
                                      help_text=_("Như active_on: các tổ chức còn hoạt động vào ngày này."))

    class Meta:
        model = Organization
        fields = ["q", "code", "kind", "level", "grassroots_type", "has_government", "parent", "within", "active_on",
                  "as_of"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value) if value else queryset


# --- Yearly records ---------------------------------------------------------------
class RecordFilterSet(django_filters.FilterSet):
    """Shared by every yearly record: `within` = an organization's subtree
    (through the model's SCOPE_FIELD), `organization` = exactly that one."""

    within = SubtreeFilter()


def _organization_filter(label=None, field_name="organization"):
    return django_filters.ModelChoiceFilter(
        label=label or _("Tổ chức đảng"), field_name=field_name, queryset=scoped_queryset(Organization)
    )


class CongressFilterSet(RecordFilterSet):
    organization = _organization_filter()

    class Meta:
        model = Congress
        fields = ["within", "organization", "term"]


class CommitteeMemberFilterSet(PersonalFiltersMixin, RecordFilterSet, SearchFilterSet):
    organization = _organization_filter()
    active_on = django_filters.DateFilter(label=_("Đương nhiệm vào ngày"), method="filter_active_on")
    # The natural key's exact parts (organization + term + full name + birth date + start date).
    full_name = CodeFilter(label=_("Họ và tên (chính xác)"), field_name="full_name")
    birth_date = django_filters.DateFilter(label=_("Ngày sinh"))
    from_date = django_filters.DateFilter(label=_("Từ ngày"))

    class Meta:
        model = CommitteeMember
        fields = ["q", "within", "organization", "term", "position", "gender", "cadre_code", "active_on",
                  "full_name", "birth_date", "from_date"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(Q(to_date__isnull=True) | Q(to_date__gte=value), from_date__lte=value)


class QualityRatingFilterSet(RecordFilterSet):
    organization = _organization_filter()
    year_from = YearFilter(label=_("Từ năm"), field_name="year", lookup_expr="gte")
    year_to = YearFilter(label=_("Đến năm"), field_name="year", lookup_expr="lte")

    class Meta:
        model = QualityRating
        fields = ["within", "organization", "year", "year_from", "year_to", "subject", "excellent_cap_exceeded"]


class CellMeetingFilterSet(RecordFilterSet):
    cell = _organization_filter(_("Chi bộ"), "cell")
    year = YearFilter(label=_("Năm"), field_name="date", lookup_expr="year")
    date = django_filters.DateFilter(label=_("Ngày sinh hoạt"), field_name="date")
    date_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("Đến ngày"), field_name="date", lookup_expr="lte")

    class Meta:
        model = CellMeeting
        fields = ["within", "cell", "year", "date", "date_from", "date_to", "kind", "quality", "content_focus",
                  "criticism_held", "meets_attendance_test"]


class AdmissionYearFilterSet(RecordFilterSet):
    organization = _organization_filter()

    class Meta:
        model = AdmissionYear
        fields = ["within", "organization", "year", "behind_target"]


class MembershipStructureFilterSet(RecordFilterSet):
    organization = _organization_filter()

    class Meta:
        model = MembershipStructure
        fields = ["within", "organization", "year"]


class OrganizationSuccessionFilterSet(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        label=_("Tổ chức (trước hoặc kế thừa)"), queryset=scoped_queryset(Organization), method="filter_organization")
    predecessor = _organization_filter(_("Tổ chức trước"), "predecessor")
    successor = _organization_filter(_("Tổ chức kế thừa"), "successor")

    class Meta:
        model = OrganizationSuccession
        fields = ["organization", "predecessor", "successor", "kind"]

    def filter_organization(self, queryset, name, value: int):
        return queryset.filter(Q(predecessor=value) | Q(successor=value)) if value else queryset

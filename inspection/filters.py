"""One FilterSet per listed model, shared by the API and the HTML lists."""
import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.errors import ApplicationError
from core.filters import (
    AsOfFilter,
    CodeFilter,
    ModelIdFilter,
    SearchFilterSet,
    SubtreeFilter,
    YearFilter,
    scoped_queryset,
)
from organizations.models import Organization

from .as_of import findings_existing_on, inspections_on, with_state_on
from .choices import (
    REQUIREMENT_PENDING,
    ConclusionStatus,
    Confidentiality,
    DocumentType,
    ExtensionStatus,
    FindingKind,
    InspectionForm,
    InspectionStatus,
    Priority,
    ProgramItemState,
    RequirementStatus,
    Severity,
)
from .documents import parse_party_number
from .models import (
    Conclusion,
    DeadlineExtension,
    Document,
    Finding,
    Inspection,
    InspectionProgram,
    ProgramItem,
    ProgressReport,
    RemediationRequirement,
)


def _scoped_filter(model, label, field_name):
    return ModelIdFilter(label=label, queryset=scoped_queryset(model), field_name=field_name)


def _organization_filter(label, field_name=None, method=None):
    kwargs = {"field_name": field_name} if field_name else {"method": method}
    return ModelIdFilter(label=label, queryset=scoped_queryset(Organization), **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class DaysFilter(django_filters.NumberFilter):
    """A whole number of days, 0 to 366 (a bigger one is a 400, not an overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 366)
        super().__init__(*args, **kwargs)


class WithinFilterSet(django_filters.FilterSet):
    """`within=<organization id>`: the rows of that organization's whole subtree."""

    within = SubtreeFilter()


class SearchWithinFilterSet(SearchFilterSet, WithinFilterSet):
    pass


class DocumentFilterSet(SearchWithinFilterSet):
    issuer = _organization_filter(_("Cơ quan ban hành"), field_name="issuer")
    issuer_code = django_filters.CharFilter(label=_("Ký hiệu cơ quan ban hành"), field_name="issuer_code")
    doc_type = django_filters.MultipleChoiceFilter(label=_("Loại văn bản"), choices=DocumentType.choices)
    year = YearFilter(label=_("Năm ban hành"), field_name="issued_on__year")
    issued_after = django_filters.DateFilter(label=_("Ban hành từ ngày"), field_name="issued_on", lookup_expr="gte")
    issued_before = django_filters.DateFilter(label=_("Ban hành đến ngày"), field_name="issued_on", lookup_expr="lte")
    confidentiality = django_filters.ChoiceFilter(label=_("Độ mật"), choices=Confidentiality.choices)
    party_number = django_filters.CharFilter(label=_("Số văn bản (ví dụ 3150-TB/TU)"), method="filter_party_number")

    class Meta:
        model = Document
        fields = ["q", "within", "issuer", "issuer_code", "doc_type", "term", "year", "issued_after",
                  "issued_before", "confidentiality", "party_number"]

    def filter_party_number(self, queryset, name, value):
        if not value:
            return queryset
        try:
            number, doc_type, issuer_code = parse_party_number(value)
        except ApplicationError:
            return queryset.none()
        return queryset.filter(number=number, doc_type=doc_type, issuer_code=issuer_code)


class ProgramFilterSet(WithinFilterSet):
    authority = _organization_filter(_("Cấp ủy"), field_name="authority")
    title = django_filters.CharFilter(label=_("Tên chương trình (chính xác)"), field_name="title")
    as_of = AsOfFilter()

    class Meta:
        model = InspectionProgram
        fields = ["within", "authority", "year", "title", "as_of"]


class ProgramItemFilterSet(WithinFilterSet):
    program = _scoped_filter(InspectionProgram, _("Chương trình"), "program")
    year = YearFilter(label=_("Năm"), field_name="program__year")
    topic = django_filters.CharFilter(label=_("Nội dung (mã)"), field_name="topic__code")
    responsible = _organization_filter(_("Cơ quan chủ trì"), field_name="responsible")
    state = django_filters.MultipleChoiceFilter(label=_("Tiến độ so với kế hoạch"), choices=ProgramItemState.choices,
                                                field_name="plan_state")
    behind_plan = django_filters.BooleanFilter(label=_("Chậm so với kế hoạch (kể cả đã xong nhưng trễ)"),
                                               field_name="behind_plan")
    as_of = AsOfFilter()

    class Meta:
        model = ProgramItem
        fields = ["within", "program", "year", "topic", "responsible", "state", "behind_plan", "as_of"]


class InspectionFilterSet(SearchWithinFilterSet):
    program_item = _scoped_filter(ProgramItem, _("Nội dung chương trình"), "program_item")
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=InspectionStatus.choices)
    form = django_filters.ChoiceFilter(label=_("Hình thức"), choices=InspectionForm.choices)
    topic = django_filters.CharFilter(label=_("Nội dung (mã)"), method="filter_topic")
    organization = _organization_filter(_("Tổ chức được kiểm tra"), method="filter_organization")
    program = django_filters.NumberFilter(label=_("Chương trình"), field_name="program_item__program")
    authority = _organization_filter(_("Cấp ủy quyết định"), field_name="authority")
    conducted_by = _organization_filter(_("Cơ quan tiến hành"), field_name="conducted_by")
    planned_after = django_filters.DateFilter(label=_("Bắt đầu từ ngày"), field_name="planned_start",
                                              lookup_expr="gte")
    planned_before = django_filters.DateFilter(label=_("Bắt đầu đến ngày"), field_name="planned_start",
                                               lookup_expr="lte")
    code = CodeFilter()
    as_of = AsOfFilter(help_text=_("Trạng thái như vào ngày này, dựng lại từ nhật ký chuyển trạng thái."))

    class Meta:
        model = Inspection
        fields = ["q", "code", "within", "year", "status", "form", "topic", "organization", "program", "program_item",
                  "authority", "conducted_by", "planned_after", "planned_before", "as_of"]

    def filter_queryset(self, queryset):
        day = self.form.cleaned_data.get("as_of")
        if day and day != timezone.localdate():  # as they stood that day (inspection.as_of); `status` reads it
            queryset = inspections_on(queryset, day)
            self.filters["status"].field_name = "status_as_of"
        return super().filter_queryset(queryset)

    def filter_topic(self, queryset, name, value):
        through = Inspection.topics.through.objects.filter(inspection=OuterRef("pk"), topic__code=value)
        return queryset.filter(Exists(through)) if value else queryset

    def filter_organization(self, queryset, name, value):
        return queryset.filter(targets__organization=value) if value else queryset


class FindingFilterSet(SearchWithinFilterSet):
    inspection = _scoped_filter(Inspection, _("Cuộc kiểm tra"), "inspection")
    organization = _organization_filter(_("Tổ chức được kiểm tra"), field_name="organization")
    topic = django_filters.CharFilter(label=_("Nội dung (mã)"), field_name="topic__code")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=FindingKind.choices)
    # A column of the row itself: no join to repeat rows, so no DISTINCT (the filter's default) over them.
    severity = django_filters.MultipleChoiceFilter(label=_("Mức độ"), choices=Severity.choices, distinct=False)
    tag = django_filters.CharFilter(label=_("Nhãn"), method="filter_tag")
    year = YearFilter(label=_("Năm"), field_name="inspection__year")
    as_of = AsOfFilter(help_text=_("Chỉ các kết quả đã có vào ngày này (ghi trước đó, hoặc của cuộc kiểm tra "
                                   "đã kết luận trước đó)."))

    class Meta:
        model = Finding
        fields = ["q", "within", "inspection", "organization", "topic", "kind", "severity", "tag", "year", "as_of"]

    def filter_queryset(self, queryset):
        day = self.form.cleaned_data.get("as_of")
        if day and day != timezone.localdate():  # the findings that existed that day (inspection.as_of)
            queryset = findings_existing_on(queryset, day)
        return super().filter_queryset(queryset)

    def filter_tag(self, queryset, name, value):
        through = Finding.tags.through.objects.filter(finding=OuterRef("pk"), tag__slug=value)
        return queryset.filter(Exists(through)) if value else queryset


class ConclusionFilterSet(WithinFilterSet):
    inspection = _scoped_filter(Inspection, _("Cuộc kiểm tra"), "inspection")
    corrects = _scoped_filter(Conclusion, _("Đính chính thông báo"), "corrects")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ConclusionStatus.choices)
    year = YearFilter(label=_("Năm"), field_name="inspection__year")

    class Meta:
        model = Conclusion
        fields = ["within", "inspection", "status", "year", "corrects"]


class RequirementFilterSet(SearchWithinFilterSet):
    conclusion = _scoped_filter(Conclusion, _("Thông báo kết luận"), "conclusion")
    organization = _organization_filter(_("Tổ chức được kiểm tra"), field_name="organization")
    responsible_organization = _organization_filter(_("Tổ chức chịu trách nhiệm"),
                                                    field_name="responsible_organization")
    inspection = django_filters.NumberFilter(label=_("Cuộc kiểm tra"), field_name="conclusion__inspection")
    # A column of the row itself: no join to repeat rows, so no DISTINCT (the filter's default) over them.
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=RequirementStatus.choices,
                                                 distinct=False)
    overdue = django_filters.BooleanFilter(label=_("Quá hạn"), field_name="is_overdue")
    deadline_after = django_filters.DateFilter(label=_("Thời hạn từ ngày"), field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(label=_("Thời hạn đến ngày"), field_name="deadline",
                                                lookup_expr="lte")
    priority = django_filters.ChoiceFilter(label=_("Mức ưu tiên"), choices=Priority.choices)
    year = YearFilter(label=_("Năm"), field_name="conclusion__inspection__year")
    topic = django_filters.CharFilter(label=_("Nội dung (mã)"), method="filter_topic")
    due_within = DaysFilter(label=_("Đến hạn trong số ngày tới"), method="filter_due_within")
    as_of = AsOfFilter(help_text=_("Trạng thái, thời hạn và quá hạn như vào ngày này, dựng lại từ diễn biến."))

    class Meta:
        model = RemediationRequirement
        fields = ["q", "within", "conclusion", "inspection", "organization", "responsible_organization", "status",
                  "overdue", "deadline_after", "deadline_before", "priority", "year", "topic", "due_within", "as_of"]

    def past_day(self):
        """The `as_of` day when it is not today (today the stored status and flags answer: the fast path)."""
        day = self.form.cleaned_data.get("as_of")
        return day if day and day != timezone.localdate() else None

    def filter_queryset(self, queryset):
        day = self.past_day()
        if day:  # the requirements as they stood that day (inspection.as_of): the filters read that state
            queryset = with_state_on(queryset, day)
            self.filters["status"].field_name = "status_as_of"
            self.filters["overdue"].field_name = "overdue_as_of"
        return super().filter_queryset(queryset)

    def filter_due_within(self, queryset, name, value):
        """Still pending, not yet overdue, and due between today (or `as_of`) and `value` days later."""
        if value is None:
            return queryset
        day = self.past_day()
        if day:  # that day's state (filter_queryset annotated it); deadline_as_of is ISO text
            return queryset.filter(status_as_of__in=REQUIREMENT_PENDING, overdue_as_of=False,
                                   deadline_as_of__gte=day.isoformat(),
                                   deadline_as_of__lte=(day + datetime.timedelta(days=value)).isoformat())
        today = timezone.localdate()
        return queryset.filter(status__in=REQUIREMENT_PENDING, is_overdue=False, deadline__gte=today,
                               deadline__lte=today + datetime.timedelta(days=value))

    def filter_topic(self, queryset, name, value):
        through = RemediationRequirement.findings.through.objects.filter(
            remediationrequirement=OuterRef("pk"), finding__topic__code=value)
        return queryset.filter(Exists(through)) if value else queryset


class ProgressReportFilterSet(WithinFilterSet):
    requirement = _scoped_filter(RemediationRequirement, _("Yêu cầu khắc phục"), "requirement")
    organization = _organization_filter(_("Tổ chức chịu trách nhiệm"),
                                        field_name="requirement__responsible_organization")
    submitted_after = django_filters.DateFilter(label=_("Báo cáo từ ngày"), field_name="submitted_at__date",
                                                lookup_expr="gte")
    submitted_before = django_filters.DateFilter(label=_("Báo cáo đến ngày"), field_name="submitted_at__date",
                                                 lookup_expr="lte")
    year = YearFilter(label=_("Năm"), field_name="submitted_at__year")

    class Meta:
        model = ProgressReport
        fields = ["within", "requirement", "organization", "submitted_after", "submitted_before", "year"]


class DeadlineExtensionFilterSet(WithinFilterSet):
    requirement = _scoped_filter(RemediationRequirement, _("Yêu cầu khắc phục"), "requirement")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ExtensionStatus.choices)

    class Meta:
        model = DeadlineExtension
        fields = ["within", "requirement", "status"]

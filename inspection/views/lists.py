"""The lists at /inspections/, /findings/, /requirements/, /documents/ and
/programs/: each on the page door (core/pages.py), scoped by its selector,
filtered by the API's FilterSet, exported as shown."""
import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.pages import Column, ScopedListView
from organizations.models import Organization

from .. import selectors
from ..as_of import with_percent_on
from ..choices import REQUIREMENT_PENDING, InspectionStatus, ProgramItemState, RequirementStatus
from ..filters import (
    DocumentFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    ProgramItemFilterSet,
    RequirementFilterSet,
)
from ..models import InspectionTarget

DUE_SOON_DAYS = 7


def _names(objects):
    return ", ".join(str(obj) for obj in objects)


def inspection_url(inspection):
    return reverse("inspection:inspection-detail", args=[inspection.pk])


def requirement_url(requirement):
    return reverse("inspection:requirement-detail", args=[requirement.pk])


def requirement_state(requirement):
    """(status, deadline, overdue, day) of a requirement as the list reads it: that day's
    state on a list read `as_of` a past day (inspection.as_of.with_state_on), else today's."""
    if hasattr(requirement, "status_as_of"):
        return (requirement.status_as_of, datetime.date.fromisoformat(requirement.deadline_as_of),
                bool(requirement.overdue_as_of), requirement.as_of_day)
    return requirement.status, requirement.deadline, requirement.is_overdue, timezone.localdate()


def deadline_badge(requirement, today=None):
    """Overdue, or due within a week (of today, or of the day a list is read as of): the
    marks the reporter's home and the lists share."""
    status, deadline, overdue, day = requirement_state(requirement)
    today = today or day
    if overdue:
        return (_("Quá hạn"), "danger")
    if status in REQUIREMENT_PENDING and today <= deadline <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return (_("Đến hạn trong 7 ngày"), "warning")
    return None


def _status_label(choices, obj):
    return choices(getattr(obj, "status_as_of", obj.status)).label


class InspectionListView(ScopedListView):
    permission_required = "inspection.view_inspection"
    selector = staticmethod(selectors.inspection_list)
    filterset_class = InspectionFilterSet
    filter_fields = ("q", "year", "status", "organization", "planned_after", "planned_before", "as_of")
    as_of_sorts = {"status": "status_as_of"}
    title = _("Cuộc kiểm tra")
    export_name = "cuoc-kiem-tra"
    template_name = "inspection/inspection_list.html"
    columns = (
        Column("code", _("Mã"), sort="code", link=inspection_url),
        Column("title", _("Tên cuộc kiểm tra"), sort="title"),
        Column("year", _("Năm"), sort="year"),
        Column("status", _("Trạng thái"), value=lambda i: _status_label(InspectionStatus, i), sort="status"),
        Column("targets", _("Tổ chức được kiểm tra"),
               value=lambda i: _names(t.organization for t in i.visible_targets)),
        Column("planned_start", _("Bắt đầu dự kiến"), sort="planned_start"),
        Column("planned_end", _("Kết thúc dự kiến"), sort="planned_end"),
    )

    def base_queryset(self):
        # A joint inspection names, to each reader, only the inspected units of the reader's scope.
        user = self.request.user
        return selectors.inspection_list(user=user).prefetch_related(Prefetch(
            "targets", queryset=InspectionTarget.objects.for_user(user).select_related("organization"),
            to_attr="visible_targets"))


class FindingListView(ScopedListView):
    """Findings; `q` ignores diacritics ("tu phe binh" finds "tự phê bình"). The
    recurring limitations of the reader's scope are listed above, each a link to its findings."""

    permission_required = "inspection.view_finding"
    selector = staticmethod(selectors.finding_list)
    filterset_class = FindingFilterSet
    filter_fields = ("q", "kind", "severity", "year", "organization", "as_of")
    title = _("Kết quả kiểm tra")
    export_name = "ket-qua-kiem-tra"
    template_name = "inspection/finding_list.html"
    columns = (
        Column("inspection", _("Cuộc kiểm tra"), value="inspection.code", sort="inspection__code",
               link=lambda f: inspection_url(f.inspection)),
        Column("organization", _("Tổ chức"), sort="organization__name"),
        Column("topic", _("Nội dung"), value="topic.name", sort="topic__code"),
        Column("kind", _("Loại"), sort="kind"),
        Column("severity", _("Mức độ"), sort="severity"),
        Column("text", _("Nhận xét")),
        Column("tags", _("Nhãn")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recurring"] = list(selectors.recurring_limitations(user=self.request.user,
                                                                    as_of=self.as_of_day())[:10])
        return context


class RequirementListView(ScopedListView):
    """Requirements: overdue, due within 7 days, by unit, by inspection: all in
    the query string (`overdue=true`, `due_within=7`, `responsible_organization=`, `inspection=`)."""

    permission_required = "inspection.view_remediationrequirement"
    selector = staticmethod(selectors.requirement_list)
    filterset_class = RequirementFilterSet
    filter_fields = ("q", "status", "overdue", "due_within", "year", "responsible_organization", "as_of")
    as_of_sorts = {"deadline": "deadline_as_of", "status": "status_as_of"}
    default_sort = "deadline"
    title = _("Yêu cầu khắc phục")
    export_name = "yeu-cau-khac-phuc"
    columns = (
        Column("text", _("Yêu cầu"), value=lambda r: r.text if len(r.text) <= 160 else r.text[:157] + "…",
               link=requirement_url),
        Column("responsible_organization", _("Tổ chức chịu trách nhiệm"), sort="responsible_organization__name"),
        Column("notice", _("Thông báo kết luận"),
               value=lambda r: r.conclusion.document or r.conclusion.inspection.code),
        Column("deadline", _("Thời hạn"), value=lambda r: requirement_state(r)[1], sort="deadline",
               badge=deadline_badge, css="text-nowrap"),
        Column("status", _("Trạng thái"), value=lambda r: _status_label(RequirementStatus, r), sort="status"),
        Column("last_percent", _("Tiến độ báo cáo (%)"), css="text-end",
               value=lambda r: r.percent_as_of if hasattr(r, "status_as_of") else r.last_percent),
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        day = self.as_of_day()
        # That day's state is annotated by the FilterSet; the last percent reported by then here.
        return with_percent_on(queryset, day) if day and self.filter_ok() else queryset


class DocumentListView(ScopedListView):
    permission_required = "inspection.view_document"
    selector = staticmethod(selectors.document_list)
    filterset_class = DocumentFilterSet
    filter_fields = ("q", "doc_type", "year", "party_number", "issued_after", "issued_before")
    default_sort = "-issued_on"
    title = _("Văn bản")
    export_name = "van-ban"
    columns = (
        Column("number", _("Số, ký hiệu"), value="number_display", sort="number"),
        Column("issued_on", _("Ngày ban hành"), sort="issued_on"),
        Column("doc_type", _("Loại văn bản"), sort="doc_type"),
        Column("subject", _("Trích yếu"), sort="subject"),
        Column("issuer", _("Cơ quan ban hành"), sort="issuer__name"),
    )


def _plan_badge(item):
    if item.plan_state == ProgramItemState.LATE:
        return (_("Chậm"), "danger")
    if item.behind_plan:
        return (_("Xong nhưng trễ"), "warning")
    return None


class ProgramListView(ScopedListView):
    """Program items judged against the plan as of today (or `as_of`); late ones are marked."""

    permission_required = "inspection.view_inspectionprogram"
    filterset_class = ProgramItemFilterSet
    filter_fields = ("year", "state", "behind_plan", "responsible", "as_of")
    title = _("Chương trình kiểm tra")
    export_name = "chuong-trinh-kiem-tra"
    columns = (
        Column("program", _("Chương trình"), value=lambda i: f"{i.program.year} – {i.program.title}",
               sort="program__year"),
        Column("title", _("Nội dung cụ thể"), sort="title"),
        Column("topic", _("Nội dung"), value="topic.name"),
        Column("responsible", _("Cơ quan chủ trì"), sort="responsible__name"),
        Column("targets", _("Tổ chức được kiểm tra"), value=lambda i: _names(i.visible_targets)),
        Column("planned_start", _("Bắt đầu theo kế hoạch"), sort="planned_start"),
        Column("planned_end", _("Kết thúc theo kế hoạch"), sort="planned_end"),
        Column("plan_state", _("Tiến độ"), value=lambda i: ProgramItemState(i.plan_state).label, badge=_plan_badge),
    )

    def base_queryset(self):
        user = self.request.user
        day = self.as_of_day() or timezone.localdate()
        return selectors.program_item_list(user=user, as_of=day).prefetch_related(Prefetch(
            "target_organizations", queryset=Organization.objects.for_user(user), to_attr="visible_targets"))

"""Inspections (their QĐ 331 steps are the actions of inspection/workflow.py) and their findings."""
from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedHistoryAdmin
from core.admin_steps import WorkflowStepsAdminMixin
from core.downloads import download_name, download_url

from ..choices import InspectionStatus
from ..models import (
    EVIDENCE_MODELS,
    Finding,
    FindingAttachment,
    FindingEvidence,
    Inspection,
    InspectionTarget,
    InspectionTransition,
    SelfInspectionReport,
    TeamMember,
)
from ..services.inspections import EDITABLE_STATUSES
from .base import FILE_READONLY, GatedInline, Inline, ReadOnlyInline


class TargetInline(GatedInline):
    """Targets are fixed by the decision: editable in draft only."""

    model = InspectionTarget
    autocomplete_fields = ["organization"]
    min_num = 1

    def editable(self, obj):
        return obj.status == InspectionStatus.DRAFT


class EditableWhileOpenInline(GatedInline):
    open_statuses = EDITABLE_STATUSES

    def editable(self, obj):
        return obj.status in self.open_statuses


class TeamInline(EditableWhileOpenInline):
    model = TeamMember
    fields = ["role", "user", "cadre", "full_name", "position"]
    autocomplete_fields = ["cadre"]


class SelfReportInline(ReadOnlyInline):
    """Self-inspection reports are received in the workspace; listed here, each
    file linked to the scope-checking download view (MEDIA_ROOT is never served)."""

    model = SelfInspectionReport
    fields = ["organization", "received_on", "stored_file", "note", "sha256"]
    readonly_fields = fields

    @admin.display(description=_("tệp"))
    def stored_file(self, obj):
        url = download_url(obj) if obj.pk else None
        return format_html('<a href="{}">{}</a>', url, download_name(obj, obj.file)) if url else "-"


class FindingInline(ReadOnlyInline):
    """Findings are written in the workspace; each links to its own admin page."""

    model = Finding
    fields = ["organization", "topic", "kind", "severity", "text"]
    readonly_fields = fields
    show_change_link = True


class TransitionInline(ReadOnlyInline):
    model = InspectionTransition
    fields = ["from_status", "to_status", "by", "at", "note"]
    readonly_fields = fields


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["code", "title", "year", "program_item", "authority", "conducted_by", "form", "topics",
                  "decision_document", "plan_document", "period_start", "period_end", "planned_start",
                  "planned_end", "notes"]


@admin.register(Inspection)
class InspectionAdmin(WorkflowStepsAdminMixin, ScopedHistoryAdmin):
    form = InspectionForm
    list_display = ["code", "title", "year", "status", "planned_start", "planned_end", "actual_start", "actual_end"]
    list_filter = ["status", "year", "form", "topics"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["authority", "conducted_by", "decision_document", "plan_document", "program_item"]
    filter_horizontal = ["topics"]
    readonly_fields = ["status", "actual_start", "actual_end", "warnings_display"]
    inlines = [TargetInline, TeamInline, SelfReportInline, FindingInline, TransitionInline]

    @admin.display(description=_("Cảnh báo"))
    def warnings_display(self, obj):
        return " ".join(obj.warnings()) if obj.pk else "-"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status not in EDITABLE_STATUSES:
            own = [f.name for f in Inspection._meta.fields if f.name not in ("id", "search_text")]
            return list(dict.fromkeys([*own, "topics", *fields]))
        return fields


# --- findings --------------------------------------------------------------------
class EvidenceInline(Inline):
    model = FindingEvidence
    fields = ["content_type", "object_id", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            condition = Q(pk__in=[])
            for label in EVIDENCE_MODELS:
                app_label, model = label.split(".")
                condition |= Q(app_label=app_label, model=model)
            kwargs["queryset"] = ContentType.objects.filter(condition)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FindingAttachmentInline(Inline):
    model = FindingAttachment
    readonly_fields = FILE_READONLY


@admin.register(Finding)
class FindingAdmin(ScopedHistoryAdmin):
    list_display = ["short_text", "organization", "topic", "kind", "severity", "inspection"]
    list_filter = ["kind", "severity", "topic", "inspection__year", "tags"]
    search_fields = ["text"]
    autocomplete_fields = ["inspection", "organization"]
    filter_horizontal = ["tags"]
    inlines = [EvidenceInline, FindingAttachmentInline]
    list_select_related = ["organization", "topic", "inspection"]

    @admin.display(description=_("Nội dung"))
    def short_text(self, obj):
        return obj.text[:100]

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            if isinstance(obj, FindingAttachment) and obj.uploaded_by_id is None:
                obj.uploaded_by = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()

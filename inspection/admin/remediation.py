"""Conclusion notices (frozen once issued), remediation requirements with their
timeline, progress reports and deadline extensions. The conclusion with its
requirements is drafted and issued in the inspection workspace, progress reports
and extension requests are sent from the reporter's pages; here the records are
administered, and the steps (issue, verify, reopen, approve, reject) are the
actions generated from inspection/workflow.py (core.admin_steps)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdminMixin, ScopedHistoryAdmin
from core.admin_steps import WorkflowStepsAdminMixin

from .. import services
from ..choices import ConclusionStatus
from ..models import (
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    ProgressReport,
    RemediationRequirement,
    RequirementEvent,
)
from ..models.remediation import SIGNER_FIELDS
from .base import GatedInline, ReadOnlyInline


class DraftConclusionInline(GatedInline):
    def editable(self, obj):
        return obj.status == ConclusionStatus.DRAFT


class SectionInline(DraftConclusionInline):
    model = ConclusionSection
    autocomplete_fields = ["organization"]


class RequirementInline(ReadOnlyInline):
    """Requirements are written in the workspace (their timeline starts there); each links to its page here."""

    model = RemediationRequirement
    fields = ["organization", "responsible_organization", "text", "original_deadline", "deadline", "status"]
    readonly_fields = fields
    show_change_link = True


class ConclusionForm(forms.ModelForm):
    class Meta:
        model = Conclusion
        fields = ["inspection", "document", "summary", "corrects", *SIGNER_FIELDS]


@admin.register(Conclusion)
class ConclusionAdmin(WorkflowStepsAdminMixin, ScopedHistoryAdmin):
    form = ConclusionForm
    list_display = ["__str__", "inspection", "status", "issued_at", "corrects"]
    list_filter = ["status", "inspection__year"]
    search_fields = ["summary", "inspection__code"]
    autocomplete_fields = ["inspection", "document", "corrects"]
    readonly_fields = ["status", "issued_at", "issued_by"]
    inlines = [SectionInline, RequirementInline]
    list_select_related = ["inspection", "document", "corrects"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status == ConclusionStatus.ISSUED:
            return list(dict.fromkeys(["inspection", "document", "summary", *fields, "corrects", *SIGNER_FIELDS]))
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == ConclusionStatus.ISSUED:
            return False
        return super().has_delete_permission(request, obj)


# --- remediation -----------------------------------------------------------------
class ProgressReportInline(ReadOnlyInline):
    model = ProgressReport
    fields = ["submitted_at", "submitted_by", "percent", "text"]
    readonly_fields = fields


class ExtensionInline(ReadOnlyInline):
    model = DeadlineExtension
    fields = ["requested_at", "requested_by", "previous_deadline", "requested_deadline", "reason", "status",
              "decided_by", "decision_note"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = RequirementEvent
    fields = ["at", "kind", "by", "text"]
    readonly_fields = fields


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ghi chú, ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú, ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequirementForm(forms.ModelForm):
    class Meta:
        model = RemediationRequirement
        fields = ["conclusion", "organization", "responsible_organization", "text", "findings",
                  "original_deadline", "priority"]


@admin.register(RemediationRequirement)
class RequirementAdmin(WorkflowStepsAdminMixin, ScopedHistoryAdmin):
    """Requirements with their timeline; the Board verifies or reopens them here
    (the steps of inspection/workflow.py, with a comment)."""

    form = RequirementForm
    step_forms = {"verify": CommentForm, "reopen": CommentForm}
    list_display = ["short_text", "organization", "responsible_organization", "deadline", "status", "is_overdue"]
    list_filter = ["status", "is_overdue", "priority", "conclusion__inspection__year"]
    search_fields = ["text"]
    autocomplete_fields = ["conclusion", "organization", "responsible_organization", "findings"]
    readonly_fields = ["deadline", "status", "is_overdue", "verified_at", "verified_by"]
    inlines = [ProgressReportInline, ExtensionInline, EventInline]
    list_select_related = ["organization", "responsible_organization"]

    @admin.display(description=_("Nội dung"))
    def short_text(self, obj):
        return obj.text[:100]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.conclusion.status == ConclusionStatus.ISSUED:
            return ["conclusion", "organization", "responsible_organization", "text", "findings",
                    "original_deadline", *fields]
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.conclusion.status == ConclusionStatus.ISSUED:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.requirement_create(
            user=request.user, conclusion=obj.conclusion, organization=obj.organization,
            responsible_organization=obj.responsible_organization, text=obj.text, deadline=obj.original_deadline,
            priority=obj.priority)
        obj.pk, obj._state.adding, obj.deadline = created.pk, False, created.deadline


class ReadOnlyRecordAdmin(ScopedHistoryAdmin):
    """Records sent from the pages and never edited afterwards: read here, not added, changed or deleted."""

    revertable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyRecordAdmin):
    list_display = ["requirement", "percent", "submitted_at", "submitted_by"]
    list_filter = ["submitted_at"]
    list_select_related = ["requirement", "submitted_by"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(WorkflowStepsAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Requests come from the reporter's page; the Board approves or rejects them
    here (the steps of inspection/workflow.py, with a note)."""

    list_display = ["requirement", "previous_deadline", "requested_deadline", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["requirement"]
    readonly_fields = ["requirement", "requested_deadline", "reason", "previous_deadline", "status", "decided_by",
                       "decided_at", "decision_note"]
    step_forms = {"approve": NoteForm, "reject": NoteForm}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

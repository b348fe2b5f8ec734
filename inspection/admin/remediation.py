"""Conclusion notices (frozen once issued), remediation requirements with their
timeline, progress reports and deadline extensions: every write through the services."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdminMixin, ScopedHistoryAdmin
from core.errors import ApplicationError
from core.uploads import validate_upload

from .. import services
from ..choices import ConclusionStatus, RequirementStatus
from ..models import (
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    ProgressReport,
    RemediationRequirement,
    RequirementEvent,
)
from ..models.remediation import SIGNER_FIELDS
from ..services.remediation import REQUIREMENT_TRANSITIONS, check_can_request_extension, check_can_submit_report
from .base import GatedInline, ReadOnlyInline, WorkflowAdminMixin, WorkflowForm, application_error_to_form


class DraftConclusionInline(GatedInline):
    def editable(self, obj):
        return obj.status == ConclusionStatus.DRAFT


class SectionInline(DraftConclusionInline):
    model = ConclusionSection
    autocomplete_fields = ["organization"]


class RequirementInline(DraftConclusionInline):
    model = RemediationRequirement
    fields = ["organization", "responsible_organization", "text", "original_deadline", "priority"]
    autocomplete_fields = ["organization", "responsible_organization"]
    show_change_link = True


class ConclusionForm(WorkflowForm):
    class Meta:
        model = Conclusion
        fields = ["inspection", "document", "summary", "corrects", *SIGNER_FIELDS]

    def step_choices(self, instance):
        if instance.status == ConclusionStatus.DRAFT:
            return [("issue", gettext("Ban hành thông báo kết luận"))]
        return [("correct", gettext("Lập thông báo đính chính"))]


@admin.register(Conclusion)
class ConclusionAdmin(WorkflowAdminMixin, ScopedHistoryAdmin):
    form = ConclusionForm
    list_display = ["__str__", "inspection", "status", "issued_at", "corrects"]
    list_filter = ["status", "inspection__year"]
    search_fields = ["summary", "inspection__code"]
    autocomplete_fields = ["inspection", "document", "corrects"]
    readonly_fields = ["status", "issued_at", "issued_by"]
    inlines = [SectionInline, RequirementInline]
    list_select_related = ["inspection", "document", "corrects"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == ConclusionStatus.ISSUED:
            return ["inspection", "document", "summary", "status", "issued_at", "issued_by", "corrects", *SIGNER_FIELDS]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == ConclusionStatus.ISSUED:
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RemediationRequirement:
            return super().save_formset(request, form, formset, change)
        # Requirements go through their services so that their timeline starts here.
        for obj in formset.save(commit=False):
            if obj.pk is None:
                services.requirement_create(
                    user=request.user, conclusion=form.instance, organization=obj.organization,
                    responsible_organization=obj.responsible_organization, text=obj.text,
                    deadline=obj.original_deadline, priority=obj.priority)
            else:
                services.requirement_update(
                    user=request.user, requirement=obj, organization=obj.organization,
                    responsible_organization=obj.responsible_organization, text=obj.text,
                    deadline=obj.original_deadline, priority=obj.priority)
        for obj in formset.deleted_objects:
            services.requirement_delete(user=request.user, requirement=obj)

    def run_step(self, request, obj, step, note):
        if step == "issue":
            services.conclusion_issue(user=request.user, conclusion=obj)
        else:
            services.conclusion_correct(user=request.user, conclusion=obj, summary=note)


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


class RequirementForm(WorkflowForm):
    class Meta:
        model = RemediationRequirement
        fields = ["conclusion", "organization", "responsible_organization", "text", "findings",
                  "original_deadline", "priority"]

    def step_choices(self, instance):
        allowed = REQUIREMENT_TRANSITIONS.get(instance.status, set())
        return [(status, RequirementStatus(status).label) for status in (RequirementStatus.VERIFIED,
                                                                         RequirementStatus.REOPENED)
                if status in allowed]


@admin.register(RemediationRequirement)
class RequirementAdmin(WorkflowAdminMixin, ScopedHistoryAdmin):
    """Requirements with their timeline; the Board verifies or reopens here."""

    form = RequirementForm
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
        if obj is not None and obj.conclusion.status == ConclusionStatus.ISSUED:
            return ["conclusion", "organization", "responsible_organization", "text", "findings",
                    "original_deadline", *self.readonly_fields]
        return self.readonly_fields

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

    def run_step(self, request, obj, step, note):
        if step == RequirementStatus.VERIFIED:
            services.requirement_verify(user=request.user, requirement=obj, comment=note)
        else:
            services.requirement_reopen(user=request.user, requirement=obj, comment=note)


class ProgressReportForm(forms.ModelForm):
    """A progress report received from the unit (e.g. on paper), recorded by the Board."""

    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False,
                                 help_text=_("PDF, DOCX, XLSX, JPG hoặc PNG."))

    class Meta:
        model = ProgressReport
        fields = ["requirement", "text", "percent"]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("requirement"):
            try:
                check_can_submit_report(self.request.user, data["requirement"])
            except ApplicationError as exc:
                raise application_error_to_form(exc) from exc
        return data


class SubmitViaServiceAdmin(ScopedHistoryAdmin):
    """Add forms that create through a service, and records that are never edited afterwards."""

    revertable = False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def submit(self, request, obj, form):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        created = self.submit(request, obj, form)
        obj.pk, obj._state.adding = created.pk, False


@admin.register(ProgressReport)
class ProgressReportAdmin(SubmitViaServiceAdmin):
    form = ProgressReportForm
    list_display = ["requirement", "percent", "submitted_at", "submitted_by"]
    list_filter = ["submitted_at"]
    autocomplete_fields = ["requirement"]
    list_select_related = ["requirement", "submitted_by"]

    def submit(self, request, obj, form):
        upload = form.cleaned_data.get("attachment")
        return services.progress_report_submit(user=request.user, requirement=obj.requirement, text=obj.text,
                                               percent=obj.percent, files=[upload] if upload else [])


class ExtensionForm(WorkflowForm):
    class Meta:
        model = DeadlineExtension
        fields = ["requirement", "requested_deadline", "reason"]

    def step_choices(self, instance):
        if instance.status != "pending":
            return []
        return [("approve", gettext("Chấp thuận")), ("reject", gettext("Không chấp thuận"))]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("requirement") and data.get("requested_deadline"):
            try:
                check_can_request_extension(self.request.user, data["requirement"], data["requested_deadline"])
            except ApplicationError as exc:
                raise application_error_to_form(exc) from exc
        return data


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(WorkflowAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = ExtensionForm
    list_display = ["requirement", "previous_deadline", "requested_deadline", "status", "decided_at"]
    list_filter = ["status"]
    autocomplete_fields = ["requirement"]
    list_select_related = ["requirement"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["requirement", "requested_deadline", "reason", "previous_deadline", "status", "decided_by",
                    "decided_at", "decision_note"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.extension_request(user=request.user, requirement=obj.requirement,
                                             requested_deadline=obj.requested_deadline, reason=obj.reason)
        obj.pk, obj._state.adding = created.pk, False

    def run_step(self, request, obj, step, note):
        services.extension_decide(user=request.user, extension=obj, approve=step == "approve", note=note)

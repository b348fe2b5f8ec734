"""Admin for the Board's staff. Everything is scoped (core.admin), and every
workflow step goes through the same services as the API: the step is chosen
in a "Bước tiếp theo" box on the change page and run after the save."""
from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdminMixin, ScopedHistoryAdmin, ScopedInline
from core.errors import ApplicationError
from core.uploads import validate_upload

from . import services
from .choices import ConclusionStatus, InspectionStatus, RequirementStatus
from .documents import document_next_number, parse_party_number
from .models import (
    EVIDENCE_MODELS,
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    Document,
    DocumentFile,
    Finding,
    FindingAttachment,
    FindingEvidence,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    InspectionTransition,
    ProgramItem,
    ProgressReport,
    RemediationRequirement,
    RequirementEvent,
    SelfInspectionReport,
    Tag,
    TeamMember,
    Topic,
)
from .models.findings import FINDINGS_OPEN_STATUSES
from .selectors import with_plan_state
from .services.inspections import EDITABLE_STATUSES, TRANSITIONS
from .services.remediation import REQUIREMENT_TRANSITIONS, check_can_request_extension, check_can_submit_report

FILE_READONLY = ["original_name", "size", "sha256", "content_type"]


# --- shared pieces ---------------------------------------------------------------
class Inline(ScopedInline):
    extra = 0

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if hasattr(related.objects.all(), "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyInline(Inline):
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WorkflowForm(forms.ModelForm):
    """A change form with a "next step" choice; the admin runs the step's
    service after the record and its inlines are saved."""

    workflow_step = forms.ChoiceField(label=_("Bước tiếp theo"), required=False)
    workflow_note = forms.CharField(label=_("Ghi chú, ý kiến"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def step_choices(self, instance):
        return []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.step_choices(self.instance) if self.instance.pk else []
        self.fields["workflow_step"].choices = [("", "---------"), *choices]


class WorkflowAdminMixin:
    workflow_fields = ("workflow_step", "workflow_note")

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in self.workflow_fields]
        return [*fields, *self.workflow_fields] if obj is not None else fields

    def run_step(self, request, obj, step, note):
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        step = form.cleaned_data.get("workflow_step")
        if not step:
            return
        try:
            self.run_step(request, form.instance, step, form.cleaned_data.get("workflow_note") or "")
        except ApplicationError as exc:
            self.message_user(request, gettext("Đã lưu, nhưng chưa thực hiện được bước tiếp theo: %(msg)s")
                              % {"msg": exc.message}, messages.ERROR)
        else:
            self.message_user(request, gettext("Đã thực hiện bước tiếp theo."), messages.SUCCESS)


def _application_error_to_form(exc):
    return ValidationError(str(exc.message))


# --- documents -------------------------------------------------------------------
class DocumentForm(forms.ModelForm):
    party_number = forms.CharField(
        label=_("Số văn bản"), required=False,
        help_text=_("Ví dụ 3150-TB/TU; điền vào đây thay cho số, loại và ký hiệu. Để trống số để lấy số tiếp theo."))

    class Meta:
        model = Document
        fields = ["issuer", "issuer_code", "doc_type", "number", "term", "issued_on", "subject", "signer_name",
                  "signer_title", "confidentiality", "bases", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "doc_type", "term"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("party_number"):
            try:
                data["number"], data["doc_type"], data["issuer_code"] = parse_party_number(data["party_number"])
            except ApplicationError as exc:
                raise ValidationError({"party_number": str(exc.message)}) from exc
        issuer = data.get("issuer")
        if issuer and not data.get("issuer_code"):
            data["issuer_code"] = issuer.issuer_code
        if not data.get("term") and data.get("issued_on"):
            from organizations.models import Term

            data["term"] = Term.objects.for_date(data["issued_on"])
        if not data.get("doc_type"):
            self.add_error("doc_type", gettext("Chọn loại văn bản hoặc nhập số văn bản."))
        elif not data.get("number") and data.get("term") and data.get("issuer_code"):
            data["number"] = document_next_number(issuer_code=data["issuer_code"], doc_type=data["doc_type"],
                                                  term=data["term"], issuer=issuer)
        for name in ("number", "doc_type", "issuer_code", "term"):
            setattr(self.instance, name, data.get(name))
        return data


class DocumentFileInline(Inline):
    model = DocumentFile
    readonly_fields = FILE_READONLY


@admin.register(Document)
class DocumentAdmin(ScopedHistoryAdmin):
    form = DocumentForm
    list_display = ["number_display", "issued_on", "subject", "issuer", "confidentiality"]
    list_filter = ["doc_type", "confidentiality", "term", "issuer_code"]
    search_fields = ["subject", "issuer_code"]
    autocomplete_fields = ["issuer"]
    filter_horizontal = ["bases"]
    inlines = [DocumentFileInline]
    list_select_related = ["issuer"]
    date_hierarchy = "issued_on"

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.uploaded_by = obj.uploaded_by or request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    list_display_links = ["code"]
    search_fields = ["code", "name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


# --- programs --------------------------------------------------------------------
class ProgramItemInline(Inline):
    model = ProgramItem
    fields = ["order", "topic", "title", "target_organizations", "responsible", "planned_start", "planned_end"]
    autocomplete_fields = ["target_organizations", "responsible"]


@admin.register(InspectionProgram)
class ProgramAdmin(ScopedHistoryAdmin):
    list_display = ["title", "year", "authority", "basis_document"]
    list_filter = ["year"]
    search_fields = ["title"]
    autocomplete_fields = ["authority", "basis_document"]
    inlines = [ProgramItemInline]
    list_select_related = ["authority", "basis_document"]


@admin.register(ProgramItem)
class ProgramItemAdmin(ScopedHistoryAdmin):
    """Items with their state against the plan, as of today."""

    list_display = ["title", "program", "topic", "planned_start", "planned_end", "state"]
    list_filter = ["program__year", "topic"]
    autocomplete_fields = ["target_organizations", "responsible", "program"]
    search_fields = ["title"]
    list_select_related = ["program", "topic"]

    def get_queryset(self, request):
        return with_plan_state(super().get_queryset(request), timezone.localdate())

    @admin.display(description=_("Tiến độ so với kế hoạch"))
    def state(self, obj):
        from .choices import ProgramItemState

        label = ProgramItemState(obj.plan_state).label
        return f"{label} (trễ)" if obj.behind_plan and obj.plan_state == ProgramItemState.DONE else label


# --- inspections -----------------------------------------------------------------
class GatedInline(Inline):
    """An inline that can be edited only while its parent is in some state."""

    def editable(self, obj):
        return True

    def has_add_permission(self, request, obj=None):
        return (obj is None or self.editable(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or self.editable(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or self.editable(obj)) and super().has_delete_permission(request, obj)


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


class SelfReportInline(EditableWhileOpenInline):
    model = SelfInspectionReport
    fields = ["organization", "received_on", "file", "note", "sha256"]
    readonly_fields = ["sha256"]
    open_statuses = (InspectionStatus.IN_PROGRESS, InspectionStatus.REPORTING)


class FindingInline(EditableWhileOpenInline):
    model = Finding
    fields = ["organization", "topic", "kind", "severity", "text"]
    open_statuses = FINDINGS_OPEN_STATUSES
    formfield_overrides = {}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["text"].widget = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return formset


class TransitionInline(ReadOnlyInline):
    model = InspectionTransition
    fields = ["from_status", "to_status", "by", "at", "note"]
    readonly_fields = fields


class InspectionForm(WorkflowForm):
    class Meta:
        model = Inspection
        fields = ["code", "title", "year", "program_item", "authority", "conducted_by", "form", "topics",
                  "decision_document", "plan_document", "period_start", "period_end", "planned_start",
                  "planned_end", "notes"]

    def step_choices(self, instance):
        return [(status, InspectionStatus(status).label) for status in sorted(TRANSITIONS[instance.status])]


@admin.register(Inspection)
class InspectionAdmin(WorkflowAdminMixin, ScopedHistoryAdmin):
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
        if obj is not None and obj.status not in EDITABLE_STATUSES:
            return [f.name for f in Inspection._meta.fields if f.name not in ("id", "search_text")] + [
                "topics", "warnings_display"]
        return self.readonly_fields

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Finding) and obj.created_by_id is None:
                obj.created_by = request.user
            if isinstance(obj, SelfInspectionReport) and obj.uploaded_by_id is None:
                obj.uploaded_by = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def run_step(self, request, obj, step, note):
        services.INSPECTION_STEPS[step](user=request.user, inspection=obj, note=note)


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


# --- conclusions -----------------------------------------------------------------
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
        fields = ["inspection", "document", "summary", "corrects"]

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
            return ["inspection", "document", "summary", "status", "issued_at", "issued_by", "corrects"]
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
                raise _application_error_to_form(exc) from exc
        return data


class SubmitViaServiceAdmin(ScopedHistoryAdmin):
    """Add forms that create through a service, and records that are never edited afterwards."""

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
                raise _application_error_to_form(exc) from exc
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

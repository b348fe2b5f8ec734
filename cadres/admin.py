"""Admin: scoped like every other door; status changes are the workflow steps
of cadres/workflow.py (core.admin_steps), movements go through the services;
the XLSX import and its template hang off the cadre list."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ScopedHistoryAdmin, ScopedInline
from core.admin_steps import WorkflowStepsAdminMixin
from core.errors import ApplicationError

from . import services
from .choices import RemovalReason
from .import_jobs import import_start, imports_for
from .importing import build_template
from .models import (
    Cadre,
    CadreImport,
    ImportStatus,
    Movement,
    PlanningEntry,
    PlanningNorm,
    RetirementAge,
    Title,
    TitleAssignment,
    TrainingRecord,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field_values(obj):
    """The concrete field values of an unsaved admin object, for a create service."""
    return {f.name: getattr(obj, f.name) for f in type(obj)._meta.concrete_fields if not f.primary_key}


# --- Extra inputs of the workflow steps (cadres/workflow.py; the date is asked by core.admin_steps)
class RemovalForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do"), choices=RemovalReason.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CompletionForm(forms.Form):
    certificate = forms.CharField(label=_("Văn bằng, chứng chỉ"), required=False)


# --- Catalogue and thresholds -------------------------------------------------------
@admin.register(Title)
class TitleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "is_key", "min_theory_level", "max_age_first_planning",
                    "max_age_first_appointment", "equivalence_group"]
    list_filter = ["level", "is_key", "min_theory_level"]
    search_fields = ["name", "code"]


@admin.register(PlanningNorm)
class PlanningNormAdmin(SimpleHistoryAdmin):
    list_display = ["level", "valid_from", "valid_to", "young_age", "young_min_percent", "women_min_percent",
                    "max_people_per_title", "max_titles_per_person", "min_rotation_years",
                    "min_years_before_retirement"]
    list_filter = ["level"]


@admin.register(RetirementAge)
class RetirementAgeAdmin(SimpleHistoryAdmin):
    list_display = ["gender", "applies_from", "years", "months", "basis"]
    list_filter = ["gender"]


# --- Cadres -------------------------------------------------------------------
class TitleAssignmentInline(ScopedInline):
    model = TitleAssignment
    extra = 0
    fields = ["title", "organization", "started_on", "ended_on", "decision"]


class ReadOnlyInline(ScopedInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlanningEntryInline(ReadOnlyInline):
    model = PlanningEntry
    fields = ["title", "organization", "term", "status", "added_on", "approved_on", "removed_on"]
    readonly_fields = fields


class TrainingInline(ReadOnlyInline):
    model = TrainingRecord
    fields = ["kind", "theory_level", "course", "institution", "started_on", "ended_on", "status"]
    readonly_fields = fields


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    only_valid = forms.BooleanField(
        label=_("Chỉ nhập các dòng hợp lệ (bỏ qua dòng lỗi, có ghi nhật ký)"), required=False
    )


@admin.register(Cadre)
class CadreAdmin(ScopedHistoryAdmin):
    list_display = ["full_name", "code", "organization", "gender", "birth_date", "theory_level"]
    list_filter = ["gender", "theory_level", "state_management_level", "education_level"]
    search_fields = ["full_name", "code"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [TitleAssignmentInline, PlanningEntryInline, TrainingInline]

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="cadres_cadre_import"),
            path("import/<int:pk>/", self.admin_site.admin_view(self.import_progress_view),
                 name="cadres_cadre_import_progress"),
            path("import-template/", self.admin_site.admin_view(self.template_view),
                 name="cadres_cadre_import_template"),
        ]
        return extra + super().get_urls()

    def template_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.xlsx"'
        build_template(response)
        return response

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run, result = import_start(
                    upload, user=request.user, only_valid=form.cleaned_data["only_valid"], filename=upload.name
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                if result is None:  # a large file: the worker imports it, the progress page follows it
                    return redirect("admin:cadres_cadre_import_progress", pk=run.pk)
                level = messages.SUCCESS if result.saved else messages.ERROR
                text = _("Đã ghi dữ liệu.") if result.saved else _("Có dòng lỗi: chưa ghi dòng nào.")
                self.message_user(request, text, level)
        context = {
            **self.admin_site.each_context(request), "title": _("Nhập cán bộ từ Excel"), "form": form,
            "result": result, "opts": self.model._meta,
            "template_url": reverse("admin:cadres_cadre_import_template"),
        }
        return TemplateResponse(request, "admin/cadres/import.html", context)

    def import_progress_view(self, request, pk):
        """The uploader follows a run (404 for anyone else); the page reloads itself while it runs."""
        run = get_object_or_404(imports_for(request.user), pk=pk)
        context = {
            **self.admin_site.each_context(request), "title": _("Tiến độ nhập cán bộ từ Excel"), "run": run,
            "result": run if run.status == ImportStatus.DONE else None, "opts": self.model._meta,
            "import_url": reverse("admin:cadres_cadre_import"),
        }
        return TemplateResponse(request, "admin/cadres/import_progress.html", context)


@admin.register(TitleAssignment)
class TitleAssignmentAdmin(ScopedHistoryAdmin):
    list_display = ["cadre", "title", "organization", "started_on", "ended_on", "decision"]
    list_filter = ["title__level", "title__is_key", "title"]
    search_fields = ["cadre__full_name", "cadre__code"]
    autocomplete_fields = ["cadre", "organization"]
    list_select_related = ["cadre", "title", "organization"]


@admin.register(PlanningEntry)
class PlanningEntryAdmin(WorkflowStepsAdminMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "title", "organization", "term", "status", "added_on", "approved_on", "removed_on"]
    list_filter = ["status", "term", "title__level", "title", "removal_reason"]
    search_fields = ["cadre__full_name", "cadre__code"]
    autocomplete_fields = ["cadre", "organization"]
    list_select_related = ["cadre", "title", "organization", "term"]
    readonly_fields = ["status", "approved_on", "removed_on", "removal_reason", "removal_note"]
    step_forms = {"remove": RemovalForm}

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.pk = services.planning_entry_create(
                user=request.user, cadre=obj.cadre, title=obj.title, organization=obj.organization, term=obj.term,
                added_on=obj.added_on, decision=obj.decision,
            ).pk


@admin.register(TrainingRecord)
class TrainingRecordAdmin(WorkflowStepsAdminMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "kind", "theory_level", "course", "institution", "started_on", "ended_on", "status"]
    list_filter = ["kind", "status", "theory_level"]
    search_fields = ["cadre__full_name", "cadre__code", "course"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["cadre"]
    step_forms = {"complete": CompletionForm}

    def get_readonly_fields(self, request, obj=None):
        return ["status"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: getattr(obj, name) for name in form.changed_data if name in services.TRAINING_EDITABLE}
            services.training_update(user=request.user, training=obj, **changed)
        else:
            obj.pk = services.training_create(user=request.user, **_field_values(obj)).pk


class MovementForm(forms.ModelForm):
    """The effective date checked as the services check it (cadres.services.movement_day_check),
    shown next to the field rather than as an error page."""

    def _post_clean(self):
        super()._post_clean()
        day = self.cleaned_data.get("effective_on")
        checked = self.instance.pk is None or "effective_on" in self.changed_data
        if day and checked and "effective_on" not in self.errors:
            try:
                services.movement_day_check(self.instance, day)
            except ApplicationError as exc:
                self.add_error("effective_on", str(exc.message))


@admin.register(Movement)
class MovementAdmin(ScopedHistoryAdmin):
    form = MovementForm
    list_display = ["cadre", "kind", "from_organization", "from_title", "to_organization", "to_title",
                    "effective_on", "ended_on", "decision"]
    list_filter = ["kind", "to_title__level"]
    search_fields = ["cadre__full_name", "cadre__code", "decision"]
    autocomplete_fields = ["cadre", "from_organization", "to_organization"]
    list_select_related = ["cadre", "from_organization", "from_title", "to_organization", "to_title"]

    def save_model(self, request, obj, form, change):
        """Adding and correcting both go through the services (the same checks as the API)."""
        if change:
            services.movement_update(user=request.user, movement=Movement.objects.get(pk=obj.pk),
                                     **{name: form.cleaned_data[name] for name in form.changed_data})
            return
        obj.pk = services.movement_create(user=request.user, **_field_values(obj)).pk


@admin.register(CadreImport)
class CadreImportAdmin(admin.ModelAdmin):
    """The import log: read only; each user sees their own runs, administrators all."""

    list_display = ["created_at", "user", "filename", "status", "only_valid", "saved"]
    list_filter = ["status", "only_valid", "saved"]
    readonly_fields = ["created_at", "user", "filename", "only_valid", "status", "stage", "rows_done", "rows_total",
                       "saved", "counts", "errors", "error", "finished_at"]
    exclude = ["file", "heartbeat_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        return qs if request.user.has_global_scope else qs.filter(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_global_scope

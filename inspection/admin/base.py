"""Pieces shared by the inspection admin pages: scoped inlines, inlines gated by
the parent's state, and the "next step" box whose step runs through a service."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedInline
from core.errors import ApplicationError

FILE_READONLY = ["original_name", "size", "sha256", "content_type"]


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


def application_error_to_form(exc):
    return ValidationError(str(exc.message))


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

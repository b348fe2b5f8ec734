"""Admin steps generated from the model's transition table (core.workflow), so
that the admin offers exactly the steps the API and the pages offer and takes
them the same way: `transition(obj, step, user=<the admin user>)`.

- One changelist action per step of the table. A step with an effective date
  (or extra inputs, `step_forms`) first asks for them on an intermediate page;
  each selected record is then moved on its own, and what refuses it (status,
  preconditions, scope, a task still running) is reported next to its name.
- The change page shows «Bước tiếp theo»: the steps offered from the record's
  status (core.workflow.allowed_steps), each with what blocks it now.

An action is offered to who may change the model in the admin and holds the
step's permission; the service checks both again.
"""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError
from .workflow import allowed_steps, transition, workflow_for


class StepDateForm(forms.Form):
    """The intermediate page of a dated step: the day it took effect (default today)."""

    effective_on = forms.DateField(label=_("Ngày hiệu lực"), initial=timezone.localdate)


def _step_action(step):
    def action(modeladmin, request, queryset):
        return modeladmin.take_step(request, queryset, step)

    action.__name__ = step.name
    action.short_description = step.label
    action.allowed_permissions = ("change",)
    action.step_perm = step.perm
    return action


class WorkflowStepsAdminMixin:
    """Add to the ModelAdmin of a model with a registered transition table."""

    step_forms = {}  # step name -> a Form of the step's extra inputs (named as the service's arguments)
    step_form_template = "admin/workflow_step_form.html"

    other_actions = ()  # hand-written actions, if any

    @property
    def actions(self):
        # Built on first use: the tables are registered in the apps' ready(), after the admin loads.
        if "_step_actions" not in self.__dict__:
            self._step_actions = [_step_action(step) for step in workflow_for(self.model).steps]
        return [*self.other_actions, *self._step_actions]

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {name: entry for name, entry in actions.items()
                if not hasattr(entry[0], "step_perm") or request.user.has_perm(entry[0].step_perm)}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append(_next_steps_field(request))
        return fields

    def step_form(self, step, data=None):
        extra = self.step_forms.get(step.name)
        if not step.date_arg and extra is None:
            return None
        bases = tuple(base for base in (StepDateForm if step.date_arg else None, extra) if base)
        return type("StepForm", bases or (forms.Form,), {})(data)

    def take_step(self, request, queryset, step):
        form = self.step_form(step, request.POST if "apply" in request.POST else None)
        if form is not None and not (form.is_bound and form.is_valid()):
            return TemplateResponse(request, self.step_form_template, {
                **self.admin_site.each_context(request), "title": step.label, "form": form, "queryset": queryset,
                "action": request.POST.get("action"), "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME})
        data = dict(form.cleaned_data) if form is not None else {}
        on = data.pop("effective_on", None)
        done = 0
        for obj in queryset:
            try:
                transition(obj, step.name, user=request.user, on=on, **data)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, gettext("«%(step)s»: đã thực hiện với %(n)d mục.")
                              % {"step": step.label, "n": done}, messages.SUCCESS)
        return None


def _next_steps_field(request):
    """The «Bước tiếp theo» display for this request's user (one function per request:
    the admin compares the read-only fields it builds twice)."""
    if not hasattr(request, "_next_steps_field"):
        user = request.user

        @admin.display(description=_("Bước tiếp theo"))
        def next_steps(record):
            return steps_text(record, user)

        request._next_steps_field = next_steps
    return request._next_steps_field


def steps_text(obj, user):
    """The steps offered from `obj`'s status, each with what blocks it (for the change page)."""
    steps = allowed_steps(obj, user)
    if not steps:
        return gettext("Không còn bước nào.")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}{}</li>", (
        (step.label, f" — {' '.join(step.problems)}" if step.problems else "") for step in steps)))

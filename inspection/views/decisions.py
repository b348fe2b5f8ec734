"""The Board's decisions in the requirement page (until now only in the admin):
verify or reopen a requirement, approve or refuse a deadline extension, each
through the transition table (core.workflow) with its effective date. A refusal
comes back on the requirement page with the form as typed and the reasons."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from core.errors import ApplicationError
from core.pages import show_error

from .. import pages_actions
from ..forms import DecisionForm
from .reporting import RequirementDetailView, _requirement

FIELD_OF = {"effective_on": "on", "note": "comment"}


def _remap(exc):
    exc.fields = {FIELD_OF.get(name, name): errors for name, errors in (exc.fields or {}).items()}
    return exc


class _DecisionView(LoginRequiredMixin, View):
    steps = ()

    def target(self, requirement):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        requirement = _requirement(request.user, pk)
        obj = self.target(requirement, **kwargs)
        step = request.POST.get("step", "")
        if step not in self.steps:
            raise Http404
        form = DecisionForm(request.POST, prefix_id=self.form_id(obj))
        if form.is_valid():
            try:
                pages_actions.decide(actor=request.user, obj=obj, step=step, on=form.cleaned_data["on"],
                                     comment=form.cleaned_data["comment"])
            except ApplicationError as exc:
                show_error(form, _remap(exc))
            else:
                messages.success(request, pages_actions.DECISION_BUTTONS[step][1])
                return redirect("inspection:requirement-detail", pk=requirement.pk)
        view = RequirementDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = requirement
        response = view.render_to_response(view.get_context_data(object=requirement,
                                                                  decision_forms={self.form_id(obj): form}))
        response.status_code = 400
        return response


class RequirementDecisionView(_DecisionView):
    steps = ("verify", "reopen")

    def target(self, requirement):
        return requirement

    def form_id(self, obj):
        return "decision"


class ExtensionDecisionView(_DecisionView):
    steps = ("approve", "reject")

    def target(self, requirement, extension):
        return get_object_or_404(requirement.extensions.all(), pk=extension)

    def form_id(self, obj):
        return f"ext{obj.pk}"

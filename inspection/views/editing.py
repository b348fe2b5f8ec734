"""Editing an inspection after creation (/inspections/<id>/edit/): dates,
units and topics (in draft only), the team picked by name. Refused, with the
reason, once its state no longer allows it; the service decides."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.errors import ApplicationError
from core.pages import show_error, style_fields

from .. import pages_actions, team_picker
from ..workspace_forms import EditInspectionForm, edit_initial
from .workspace import workspace_inspection, workspace_url

TEMPLATE = "inspection/inspection_edit.html"


class EditInspectionView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "inspection.change_inspection"
    template_name = TEMPLATE
    form_class = EditInspectionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.inspection = workspace_inspection(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not pages_actions.inspection_editable(self.inspection):
            return render(request, TEMPLATE, {"inspection": self.inspection, "refused": _(
                "Cuộc kiểm tra đang ở trạng thái «%(status)s» nên không sửa được.") % {
                "status": self.inspection.get_status_display()}}, status=409)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "inspection": self.inspection}

    def get_initial(self):
        return edit_initial(self.inspection)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inspection"] = self.inspection
        style_fields(context["form"])
        return context

    def form_valid(self, form):
        try:
            pages_actions.update_inspection(actor=self.request.user, inspection=self.inspection,
                                            **form.service_fields())
        except ApplicationError as exc:
            show_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status or 400)
        messages.success(self.request, _("Đã lưu thông tin cuộc kiểm tra %(code)s.") % {"code": self.inspection.code})
        return redirect(workspace_url(self.inspection, "units"))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PeopleSearchView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The team picker's search: cadres and staff users by name, as rows to tick."""

    permission_required = "inspection.change_inspection"

    def get(self, request):
        query = request.GET.get("q", "").strip()[:100]
        return render(request, "inspection/_people_results.html",
                      {"people": team_picker.people_matching(request.user, query), "query": query})

"""The new-inspection wizard (/inspections/new/): from a program item or from
scratch, units chosen from the tree with search, topics, dates (dd/mm/yyyy),
team, and the decision and plan documents with the next free numbers proposed."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.errors import ApplicationError
from core.pages import show_error, style_fields

from .. import pages_actions
from ..choices import DocumentType
from ..workspace_forms import NewInspectionForm
from .workspace import workspace_url


class NewInspectionView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "inspection.add_inspection"
    template_name = "inspection/inspection_new.html"
    form_class = NewInspectionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        user, today = self.request.user, timezone.localdate()
        root = user.organizations.order_by("path").first()
        initial = {"decision_on": today, "plan_on": today}
        if root is not None:
            initial.update(authority=root.pk, conducted_by=root.pk)
            initial["decision_number"] = pages_actions.next_number(doc_type=DocumentType.QD, issuer=root,
                                                                   issued_on=today)
            initial["plan_number"] = pages_actions.next_number(doc_type=DocumentType.KH, issuer=root, issued_on=today)
        item = self.request.GET.get("program_item")
        if item and item.isdigit():
            initial["program_item"] = int(item)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        style_fields(context["form"])
        return context

    def form_valid(self, form):
        try:
            inspection = pages_actions.create_inspection_with_documents(
                actor=self.request.user, decision=form.document("decision"), plan=form.document("plan"),
                **form.service_fields())
        except ApplicationError as exc:
            show_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Đã tạo cuộc kiểm tra %(code)s (dự thảo).") % {"code": inspection.code})
        return redirect(workspace_url(inspection))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from core.errors import ApplicationError
from core.inputs import page_int
from core.pages import Column, ScopedListView
from core.scoping import path_in_scope

from . import selectors, services
from .filters import OrganizationFilterSet
from .forms import CellMeetingBulkFormSet, bulk_initial
from .models.base import FIRST_YEAR
from .panels import panels_for
from .services import BULK_MEETING_FIELDS


class OrganizationListView(ScopedListView):
    permission_required = "organizations.view_organization"
    template_name = "organizations/organization_list.html"
    selector = staticmethod(selectors.organization_list)
    filterset_class = OrganizationFilterSet
    title = gettext_lazy("Tổ chức đảng")
    export_name = "to-chuc-dang"
    columns = (
        Column("name", gettext_lazy("Tên"), sort="name",
               link=lambda o: reverse("organizations:organization-detail", args=[o.pk])),
        Column("code", gettext_lazy("Mã"), sort="code"),
        Column("kind", gettext_lazy("Loại tổ chức")),
        Column("parent", gettext_lazy("Trực thuộc")),
        Column("valid_from", gettext_lazy("Hiệu lực từ"), sort="valid_from"),
        Column("valid_to", gettext_lazy("Hiệu lực đến"), sort="valid_to"),
    )

class OrganizationDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "organizations.view_organization"
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.organization_detail_queryset(user=self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        user = self.request.user
        # Organizations outside the reader's scope are named, never linked (a link would end in a 404).
        context["ancestors"] = [(a, path_in_scope(user, a.path)) for a in org.ancestors()]
        context["children"] = selectors.organization_children(user=user, organization=org)
        successions = list(selectors.organization_successions(user=user, organization=org))
        for succession in successions:
            succession.predecessor_visible = path_in_scope(user, succession.predecessor.path)
            succession.successor_visible = path_in_scope(user, succession.successor.path)
        context["successions"] = successions
        context["panels"] = panels_for(user=user, organization=org)
        context["history"] = org.history.select_related("history_user")[:20]
        context["records_summary"] = selectors.organization_records_summary(user=user, organization=org)
        return context


class CellMeetingBulkView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A year of meetings of one cell in one sitting: twelve rows prefilled with
    one regular meeting a month; rows left untouched are not saved; all the
    others are saved together or, if any is wrong, none is."""

    permission_required = "organizations.add_cellmeeting"
    template_name = "organizations/cell_meeting_bulk.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.cell = get_object_or_404(selectors.meeting_cell_queryset(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _year(self):
        """The year to prefill: a bad one falls back to this year, with a warning on the page."""
        if not hasattr(self, "_chosen_year"):
            source = self.request.POST if self.request.POST.get("year") else self.request.GET
            today = timezone.localdate()
            self._chosen_year = page_int(self.request, "year", default=today.year, minimum=FIRST_YEAR,
                                         maximum=today.year, source=source)
        return self._chosen_year

    def _formset(self, data=None):
        year = self._year()
        initial = bulk_initial(year, selectors.cell_latest_members_total(cell=self.cell))
        return CellMeetingBulkFormSet(data, initial=initial, prefix="rows"), year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "formset" not in kwargs:
            context["formset"], context["year"] = self._formset()
        context["cell"] = self.cell
        return context

    def post(self, request, *args, **kwargs):
        formset, year = self._formset(request.POST)
        if formset.is_valid():
            changed = [(i + 1, form) for i, form in enumerate(formset.forms) if form.has_changed()]
            try:
                services.cell_meeting_bulk_create(
                    cell=self.cell, user=request.user, row_numbers=[n for n, _f in changed],
                    rows=[{k: v for k, v in form.cleaned_data.items() if k in BULK_MEETING_FIELDS}
                          for _n, form in changed],
                )
            except ApplicationError as exc:
                for item in exc.fields.get("rows", []):
                    form = formset.forms[item["row"] - 1]
                    for field, messages_ in item["errors"].items():
                        for message in messages_:
                            form.add_error(field if field in form.fields else None, message)
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã lưu %(n)s buổi sinh hoạt của %(cell)s.") % {
                    "n": len(changed), "cell": self.cell})
                return redirect("organizations:organization-detail", pk=self.cell.pk)
        return self.render_to_response(self.get_context_data(formset=formset, year=year))

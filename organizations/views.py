from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from . import selectors
from .filters import OrganizationFilterSet


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope_roots"] = self.request.user.organizations.all()
        return context

class OrganizationListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "organizations.view_organization"
    template_name = "organizations/organization_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = OrganizationFilterSet(
            self.request.GET or None,
            queryset=selectors.organization_list(user=self.request.user),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context

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
        context["ancestors"] = org.ancestors()
        context["children"] = selectors.organization_children(user=user, organization=org)
        context["successions"] = selectors.organization_successions(user=user, organization=org)
        context["history"] = org.history.select_related("history_user")[:20]
        return context

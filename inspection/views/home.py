"""The home page: what each role comes for. A unit reporter sees its open
requirements by deadline; Board staff their inspections, what awaits their
verification, what is overdue and the progress reports received lately."""
import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from .. import selectors
from ..choices import ConclusionStatus, RequirementStatus
from ..models import ProgressReport
from .lists import deadline_badge

HOME_ROWS = 20
RECENT_DAYS = 7
SEEN_KEY = "home_seen_at"


def _open_requirements(user):
    return (selectors.requirement_list(user=user).filter(conclusion__status=ConclusionStatus.ISSUED)
            .exclude(status=RequirementStatus.VERIFIED).order_by("deadline", "pk"))


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["scope_roots"] = user.organizations.all()
        staff = user.has_perm("inspection.change_inspection")
        reporter = user.has_perm("inspection.add_progressreport") and not staff
        context.update(is_staff_home=staff, is_reporter_home=reporter)
        if reporter:
            rows = list(_open_requirements(user)[:HOME_ROWS * 2])
            context["my_requirements"] = [(r, deadline_badge(r)) for r in rows]
        if staff:
            context.update(self._staff(user))
        return context

    def _staff(self, user):
        session = self.request.session
        now = timezone.now()
        since = session.get(SEEN_KEY)
        since = datetime.datetime.fromisoformat(since) if since else now - datetime.timedelta(days=RECENT_DAYS)
        session[SEEN_KEY] = now.isoformat()
        open_requirements = _open_requirements(user)
        return {
            "my_inspections": list(selectors.inspection_list(user=user).filter(team__user=user).distinct()
                                   .order_by("-year", "code")[:HOME_ROWS]),
            "to_verify": list(open_requirements.filter(status=RequirementStatus.REPORTED_DONE)[:HOME_ROWS]),
            "overdue": list(open_requirements.filter(is_overdue=True)[:HOME_ROWS]),
            "recent_reports": list(ProgressReport.objects.for_user(user).filter(submitted_at__gt=since)
                                   .select_related("requirement__responsible_organization", "submitted_by")
                                   .order_by("-submitted_at")[:HOME_ROWS]),
            "since": since,
        }

"""Reads: scope first, then the FilterSet, then eager loading."""
from django.db.models import Prefetch
from django.http import Http404

from .filters import ReportFilterSet
from .models import Report, ReportFile


def _eager(qs):
    return qs.select_related("scope", "requested_by").prefetch_related(
        Prefetch("files", queryset=ReportFile.objects.order_by("format"))
    )


def report_queryset(*, user):
    return _eager(Report.objects.for_user(user))


def report_list(*, user, data=None, request=None):
    qs = Report.objects.for_user(user)
    if data is not None:
        qs = ReportFilterSet(data, queryset=qs, request=request).qs
    return _eager(qs)


def report_file_for_download(*, user, report_id, fmt) -> ReportFile:
    """The stored file, only when the user's scope covers the report (else 404)."""
    try:
        return ReportFile.objects.for_user(user).select_related("report__scope").get(report_id=report_id, format=fmt)
    except (ReportFile.DoesNotExist, ValueError):
        raise Http404 from None


def report_versions(*, user, report: Report):
    return Report.objects.for_user(user).filter(
        kind=report.kind, scope=report.scope_id, period_key=report.period_key
    ).order_by("-version")


def conclusion_for_notice(*, user, conclusion_id):
    """A conclusion notice the user may read (its inspection touches their scope), else 404."""
    from inspection.models import Conclusion

    queryset = Conclusion.objects.for_user(user).select_related(
        "document", "corrects__document", "inspection__authority__parent", "inspection__conducted_by",
        # the opening cites the program and the decision, with their issuers
        "inspection__program_item__program__authority", "inspection__program_item__program__basis_document__issuer",
        "inspection__decision_document__issuer", "inspection__plan_document__issuer")
    try:
        return queryset.get(pk=conclusion_id)
    except (Conclusion.DoesNotExist, ValueError):
        raise Http404 from None

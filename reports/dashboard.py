"""The leaders' dashboard: a handful of aggregate queries over the user's scope,
the same number whatever the number of rows.

The figures are cached per scope (the user's subtree roots, not the user:
two leaders of one district share them) and filters, for
DASHBOARD_CACHE_SECONDS, and dropped at once when a record they count is
written (a version number that every save or delete of those models moves).
Bulk updates (the nightly overdue refresh) do not send signals: the short
lifetime covers them.

`as_of` a past day, the figures are those of that day, rebuilt from the dated
steps (inspection.as_of): inspections by their status then, requirements
issued by then with their status, deadline and overdue flag then, the latest
rule run over a period ended by then, the findings (by topic, recurring
limitations) that existed by then, the program items late that day. Today the
stored values answer."""
import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.as_of import findings_existing_on, inspections_on, with_state_on
from inspection.choices import RequirementStatus
from inspection.filters import RequirementFilterSet
from inspection.models import Finding, Inspection, ProgramItem, RemediationRequirement
from inspection.selectors import findings_by_topic, recurring_limitations, with_plan_state
from rules.choices import RunStatus
from rules.models import RuleCheckRun
from rules.selectors import breaches_by_rule

VERSION_KEY = "dashboard:version"
# Models whose rows the dashboard counts; a write to any of them makes the cached figures stale.
COUNTED = {
    "inspection.Inspection", "inspection.InspectionTarget", "inspection.Finding", "inspection.Finding_tags",
    "inspection.RemediationRequirement", "inspection.Conclusion", "inspection.InspectionProgram",
    "inspection.ProgramItem", "inspection.ProgramItem_target_organizations", "rules.RuleCheckRun",
    "rules.RuleCheckResult", "organizations.Organization",
}


def _version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def dashboard_invalidate():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new value differs from the cached keys'
        cache.set(VERSION_KEY, int(timezone.now().timestamp()), None)


@receiver([post_save, post_delete], dispatch_uid="dashboard_write")
def _row_written(sender, **kwargs):
    if sender._meta.label in COUNTED:
        dashboard_invalidate()


@receiver(m2m_changed, dispatch_uid="dashboard_links")
def _links_written(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.label in COUNTED:
        dashboard_invalidate()


def _cache_key(user, *parts):
    roots = user.scope_paths()
    scope = "*" if roots is None else ",".join(sorted(roots))
    digest = hashlib.sha256("|".join([scope, *map(str, parts)]).encode()).hexdigest()
    return f"dashboard:{_version()}:{digest}"


def _cached(user, parts, compute):
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)
    if not seconds:
        return compute()
    key = _cache_key(user, *parts)
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, seconds)
    return data


def dashboard_data(*, user, year=None, as_of=None):
    """The figures of the dashboard for the user's scope (cached, see the module)."""
    as_of = as_of or timezone.localdate()
    return _cached(user, ("figures", year, as_of.isoformat()), lambda: _compute(user=user, year=year, as_of=as_of))


# The requirement cards: each is the requirement list's own query string, and its
# figure is that list's count, so that the card and the list cannot disagree.
REQUIREMENT_CARDS = (
    ("total", _("Yêu cầu khắc phục"), {}),
    ("overdue", _("Quá hạn"), {"overdue": "true"}),
    ("due_soon", _("Đến hạn trong 30 ngày"), {"due_within": "30"}),
    ("verified", _("Ban đã xác nhận hoàn thành"), {"status": RequirementStatus.VERIFIED}),
)


def _card_query(year, as_of, params):
    """The requirement list's query string of a card: its filters, the year, and `as_of` unless it is today."""
    past = as_of if as_of and as_of != timezone.localdate() else None
    return {**({"year": str(year)} if year else {}), **({"as_of": past.isoformat()} if past else {}), **params}


def requirement_counts(*, user, year=None, as_of=None):
    """{card key: the requirement list's count under the card's filters} (cached like the figures)."""
    as_of = as_of or timezone.localdate()
    return _cached(user, ("cards", year, as_of.isoformat()), lambda: _requirement_counts(user, year, as_of))


def _requirement_counts(user, year, as_of):
    counts = {}
    for key, _label, params in REQUIREMENT_CARDS:
        data = QueryDict(mutable=True)
        data.update(_card_query(year, as_of, params))
        # Counted over the ids: should a filter make the query DISTINCT, over the id, not every column.
        counts[key] = RequirementFilterSet(data, queryset=RemediationRequirement.objects.for_user(user)).qs.values(
            "pk").count()
    return counts


def _state_fields(inspections, requirements, as_of):
    """The querysets and field names the figures read: the stored ones today,
    those rebuilt for that day otherwise."""
    horizon = as_of + datetime.timedelta(days=30)
    if as_of == timezone.localdate():
        return inspections, requirements, {"inspection_status": "status", "status": "status",
                                           "overdue": "is_overdue", "deadline": "deadline", "horizon": horizon}
    fields = {"inspection_status": "status_as_of", "status": "status_as_of", "overdue": "overdue_as_of",
              "deadline": "deadline_as_of", "horizon": horizon.isoformat()}  # deadline_as_of is ISO text
    return inspections_on(inspections, as_of), with_state_on(requirements, as_of), fields


def _latest_run(user, year, as_of):
    runs = RuleCheckRun.objects.for_user(user).filter(status=RunStatus.DONE)
    if year:
        runs = runs.filter(period_end__year=year)
    if as_of != timezone.localdate():
        runs = runs.filter(period_end__lte=as_of)
    return runs.select_related("scope").order_by("-finished_at", "-pk").first()


def _compute(*, user, year, as_of):
    inspections = Inspection.objects.for_user(user)
    requirements = RemediationRequirement.objects.for_user(user)
    findings = Finding.objects.for_user(user)
    items = ProgramItem.objects.for_user(user)
    if year:
        inspections = inspections.filter(year=year)
        requirements = requirements.filter(conclusion__inspection__year=year)
        findings = findings.filter(inspection__year=year)
        items = items.filter(program__year=year)
    inspections, requirements, f = _state_fields(inspections, requirements, as_of)
    if as_of != timezone.localdate():
        findings = findings_existing_on(findings, as_of)

    totals = _requirement_counts(user, year, as_of)  # the cards' figures: the list's own counts
    totals["completion"] = round(100 * totals["verified"] / totals["total"], 1) if totals["total"] else None

    latest_run = _latest_run(user, year, as_of)
    # Breaches ([R] rules) and warnings ([S], [M] rules) are counted apart.
    breaches = breaches_by_rule(user=user, run=latest_run) if latest_run else []

    return {
        "year": year,
        "as_of": as_of,
        "inspections_by_status": _by_status(inspections, f["inspection_status"]),
        "requirement_totals": totals,
        "requirements_by_status": _by_status(requirements, f["status"]),
        "overdue_by_organization": list(
            requirements.filter(**{f["overdue"]: True})
            .values("responsible_organization__id", "responsible_organization__name")
            .annotate(n=Count("pk")).order_by("-n", "responsible_organization__name")[:10]
        ),
        "findings_by_topic": list(findings_by_topic(findings)),
        "recurring": list(recurring_limitations(user=user, years=[year] if year else None, as_of=as_of)[:10]),
        "late_items": list(
            with_plan_state(items, as_of).filter(behind_plan=True)
            .select_related("topic", "program", "responsible").order_by("planned_end")[:10]
        ),
        "rule_run": latest_run,
        "rule_breaches": breaches,
    }


def _by_status(queryset, field):
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).order_by(field)
    return [{"status": row[field], "n": row["n"]} for row in rows]

import datetime

from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext as _

from core.scoping import ancestor_paths, path_in_scope, subtree_q
from inspection.models import Topic

from .base import REGISTRY
from .choices import FLAGGED_OUTCOMES, Confidence, Outcome, RunStatus, tripped_outcome
from .models import RuleCheckResult, RuleCheckRun, RuleSetting
from .services import rule_settings_ensure


def rule_catalogue():
    """Every registered rule with its current settings, for the API and the admin."""
    rule_settings_ensure()
    settings_by_code = {s.rule_code: s for s in RuleSetting.objects.all()}
    return [(rule, settings_by_code[code]) for code, rule in sorted(REGISTRY.items())]


def rule_rows():
    """rule_catalogue() as rows for the rules page."""
    return [
        {"rule": rule, "setting": setting, "thresholds": {**rule.defaults, **setting.thresholds},
         "outcome": Outcome(tripped_outcome(rule.confidence)), "confidence": Confidence(rule.confidence)}
        for rule, setting in rule_catalogue()
    ]


def run_list(*, user):
    return (
        RuleCheckRun.objects.for_user(user)
        .select_related("scope", "created_by", "inspection")
        .prefetch_related("targets")
        .annotate(breaches=Count("results", filter=Q(results__outcome=Outcome.BREACH)),
                  warnings=Count("results", filter=Q(results__outcome=Outcome.WARNING)))
        .order_by("-created_at", "-pk")  # GROUP BY drops the default ordering
    )


def result_list(*, user):
    return RuleCheckResult.objects.for_user(user).select_related("organization", "run")


# Breaches first, then warnings, then what could not be judged, then passes: what a reader acts on comes first.
OUTCOME_RANK = Case(
    When(outcome=Outcome.BREACH, then=Value(0)),
    When(outcome=Outcome.WARNING, then=Value(1)),
    When(outcome=Outcome.INSUFFICIENT_DATA, then=Value(2)),
    When(outcome=Outcome.NOT_JUDGED, then=Value(3)),
    When(outcome=Outcome.PASS, then=Value(4)),
    default=Value(5),
)


def results_by_topic(*, user, run):
    """The run's results in the user's scope grouped by inspection topic, in
    the topics' order (results of a topic unknown to the inspection app last):
    [{"topic", "name", "in_inspection", "counts": {outcome: n}, "results": [...]}].
    Three queries whatever the number of results."""
    results = list(
        result_list(user=user).filter(run=run).select_related(None).select_related("organization")
        .annotate(outcome_rank=OUTCOME_RANK)
        .order_by("topic", "outcome_rank", "rule_code", "organization__path")
    )
    codes = {r.topic for r in results}
    topics = {t.code: t for t in Topic.objects.filter(code__in=codes)}
    in_inspection = set(run.inspection.topics.values_list("code", flat=True)) if run.inspection_id else set()
    groups = {}
    for result in results:
        topic = topics.get(result.topic)
        group = groups.setdefault(result.topic, {
            "topic": result.topic,
            "name": topic.name if topic else (result.topic or _("Khác")),
            "order": (0, topic.order) if topic else (1, 0), "in_inspection": result.topic in in_inspection,
            "counts": {}, "results": [],
        })
        group["counts"][result.outcome] = group["counts"].get(result.outcome, 0) + 1
        group["results"].append(result)
    ordered = sorted(groups.values(), key=lambda g: (g["order"], g["topic"]))
    for group in ordered:
        del group["order"]
    return ordered


def latest_covering_run(*, scope, year):
    """The latest finished run judging the whole of `year` (1 January to
    31 December) over a tree holding `scope`: a run over an ancestor-or-self of
    it, or a run from an inspection one of whose targets holds it."""
    ancestors = ancestor_paths(scope.path)
    covering = Q(targets__isnull=True, scope__path__in=ancestors) | Q(targets__path__in=ancestors)
    ids = RuleCheckRun.objects.filter(covering).values("pk")
    return (
        RuleCheckRun.objects.filter(pk__in=ids, status=RunStatus.DONE, period_start__lte=datetime.date(year, 1, 1),
                                    period_end=datetime.date(year, 12, 31))
        .order_by("-finished_at", "-pk").first()
    )


def latest_breaches(*, user, scope, year):
    """What dashboards and the annual report read: from the latest finished run
    covering `scope` for `year`, the organizations of scope's subtree that the
    user may see with a breach or a warning, and per rule the number of them,
    breaches and warnings apart.
    {"run": run or None, "rules": [codes], "counts": {code: n}, "warnings": {code: n},
     "organizations": [{"id", "code", "name", "rules": [codes], "warnings": [codes]}]} (tree order).
    Internal callers (tasks, reports) pass core.services.SYSTEM. Two queries."""
    empty = {"run": None, "rules": [], "counts": {}, "warnings": {}, "organizations": []}
    if not path_in_scope(user, scope.path):
        return empty
    run = latest_covering_run(scope=scope, year=year)
    if run is None:
        return empty
    results = RuleCheckResult.objects.for_user(user)
    rows = (
        results.filter(subtree_q(scope.path, "organization__"), run=run, outcome__in=FLAGGED_OUTCOMES)
        .values_list("organization_id", "organization__code", "organization__name", "rule_code", "outcome")
        .order_by("organization__path", "rule_code")
    )
    organizations = {}
    counts, warnings = {code: 0 for code in run.rule_codes}, {code: 0 for code in run.rule_codes}
    for organization_id, code, name, rule_code, outcome in rows:
        row = organizations.setdefault(organization_id, {"id": organization_id, "code": code, "name": name,
                                                         "rules": [], "warnings": []})
        tally = counts if outcome == Outcome.BREACH else warnings
        row["rules" if outcome == Outcome.BREACH else "warnings"].append(rule_code)
        tally[rule_code] = tally.get(rule_code, 0) + 1
    return {"run": run, "rules": list(run.rule_codes), "counts": counts, "warnings": warnings,
            "organizations": list(organizations.values())}


def breaches_by_rule(*, user, run):
    """Per rule with a breach or a warning, the organizations in breach and
    those with a warning in one run, within the user's scope:
    [{"rule_code", "organizations", "warnings"}] in code order. A reader who
    sees the run's whole scope gets the counts the run stored when it finished
    (RuleCheckRun.summary: no query, whatever the number of results); another
    one, or a run without them, counts its results in scope."""
    if run.summary is not None and path_in_scope(user, run.scope.path):
        rows = ({"rule_code": code, "organizations": counts.get(Outcome.BREACH, 0),
                 "warnings": counts.get(Outcome.WARNING, 0)} for code, counts in sorted(run.summary.items()))
        return [row for row in rows if row["organizations"] or row["warnings"]]
    return list(
        result_list(user=user).filter(run=run, outcome__in=FLAGGED_OUTCOMES).values("rule_code")
        .annotate(organizations=Count("organization", distinct=True, filter=Q(outcome=Outcome.BREACH)),
                  warnings=Count("organization", distinct=True, filter=Q(outcome=Outcome.WARNING)))
        .order_by("rule_code")
    )


def breach_matrix(*, user, run):
    """Organizations × rules of one run, within the user's scope, in one query:
    {"rules": [codes], "organizations": [{"id", "code", "name", "outcomes":
    {code: outcome}, "breaches": n, "warnings": n}], "totals": {code: {outcome: count}}}.
    Organizations in tree order; those breaching no rule are included.
    Internal callers (tasks, reports) pass core.services.SYSTEM."""
    results = RuleCheckResult.objects.for_user(user)
    rows = (
        results.filter(run=run)
        .values_list("organization_id", "organization__code", "organization__name", "rule_code", "outcome")
        .order_by("organization__path", "rule_code")
    )
    organizations, totals = {}, {code: {} for code in run.rule_codes}
    for organization_id, code, name, rule_code, outcome in rows:
        row = organizations.setdefault(
            organization_id,
            {"id": organization_id, "code": code, "name": name, "outcomes": {}, "breaches": 0, "warnings": 0},
        )
        row["outcomes"][rule_code] = outcome
        row["breaches"] += outcome == Outcome.BREACH
        row["warnings"] += outcome == Outcome.WARNING
        counts = totals.setdefault(rule_code, {})
        counts[outcome] = counts.get(outcome, 0) + 1
    return {"rules": list(run.rule_codes), "organizations": list(organizations.values()), "totals": totals}


def inspection_latest_run(*, user, inspection):
    """The latest run of the inspection (its targets and period) the user may see, with its counts; None if none."""
    return run_list(user=user).filter(inspection=inspection).first()

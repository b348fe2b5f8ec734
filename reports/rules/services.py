import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.scoping import object_in_scope

from .base import REGISTRY, Context
from .choices import RunStatus
from .models import RuleCheckResult, RuleCheckRun, RuleSetting


def rule_settings_ensure():
    """A RuleSetting row for every registered rule, with its default thresholds."""
    existing = set(RuleSetting.objects.values_list("rule_code", flat=True))
    RuleSetting.objects.bulk_create(
        [RuleSetting(rule_code=code, thresholds=dict(rule.defaults), note=str(rule.note))
         for code, rule in REGISTRY.items() if code not in existing]
    )


def rules_in_force(day, codes=None):
    rule_settings_ensure()
    enabled = set(RuleSetting.objects.filter(enabled=True).values_list("rule_code", flat=True))
    return [
        rule for code, rule in sorted(REGISTRY.items())
        if code in enabled and rule.in_force(day) and (codes is None or code in codes)
    ]


@transaction.atomic
def check_run_create(*, user, scope, period_start: datetime.date, period_end: datetime.date, rule_codes=None):
    if period_end < period_start:
        raise ApplicationError(_("Ngày kết thúc kỳ kiểm tra phải sau ngày bắt đầu."), fields={"period_end": [
            _("Ngày kết thúc kỳ kiểm tra phải sau ngày bắt đầu.")]})
    if user is not None and not object_in_scope(user, scope):
        raise ApplicationError(_("Tổ chức không thuộc phạm vi phụ trách của bạn."), code="out_of_scope", status=404)
    unknown = set(rule_codes or []) - set(REGISTRY)
    if unknown:
        raise ApplicationError(_("Không có quy định mã: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
                               fields={"rule_codes": [_("Mã quy định không tồn tại.")]})
    rules = rules_in_force(period_end, set(rule_codes) if rule_codes else None)
    settings_by_code = dict(RuleSetting.objects.values_list("rule_code", "thresholds"))
    thresholds = {rule.code: {**rule.defaults, **settings_by_code.get(rule.code, {})} for rule in rules}
    return RuleCheckRun.objects.create(
        scope=scope, period_start=period_start, period_end=period_end, created_by=user,
        rule_codes=[rule.code for rule in rules], thresholds=thresholds,
    )


def check_run_execute(*, run_id):
    """Evaluate every rule of the run on its targets and store the results.
    Safe to call twice: a finished run is left as it is."""
    run = RuleCheckRun.objects.select_related("scope").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=0, error="")
    try:
        with transaction.atomic():
            RuleCheckResult.objects.filter(run=run).delete()
            total = max(len(run.rule_codes), 1)
            for index, code in enumerate(run.rule_codes, start=1):
                rule = REGISTRY[code]
                ctx = Context(period_start=run.period_start, period_end=run.period_end,
                              thresholds=run.thresholds[code], scope=run.scope)
                RuleCheckResult.objects.bulk_create(
                    RuleCheckResult(
                        run=run, rule_code=code, topic=rule.topic, severity=rule.severity,
                        organization_id=result.organization_id, outcome=result.outcome,
                        measured=result.measured, threshold=result.threshold, message=result.message,
                        params=result.params, evidence=result.evidence,
                    )
                    for result in rule.evaluate_many(rule.active_targets(run.scope, ctx), ctx)
                )
                RuleCheckRun.objects.filter(pk=run.pk).update(progress=int(index * 100 / total))
    except Exception as exc:  # the run shows its error; the task decides about retries
        RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000])
        raise
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100, finished_at=timezone.now())
    run.refresh_from_db()
    return run

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.scoping import common_ancestor, object_in_scope, outermost_paths, path_in_scope
from inspection.choices import FindingKind, InspectionStatus
from inspection.models import Inspection, Topic
from inspection.services import finding_create
from organizations.models import Organization

from .base import REGISTRY, Context
from .choices import FINDING_SEVERITY, Outcome, RunStatus
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


def _validate_codes(rule_codes):
    unknown = set(rule_codes or []) - set(REGISTRY)
    if unknown:
        raise ApplicationError(_("Không có quy định mã: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
                               fields={"rule_codes": [_("Mã quy định không tồn tại.")]})


def _create_run(*, user, scope, period_start, period_end, rule_codes, inspection=None, targets=()):
    rules = rules_in_force(period_end, set(rule_codes) if rule_codes else None)
    settings_by_code = dict(RuleSetting.objects.values_list("rule_code", "thresholds"))
    thresholds = {rule.code: {**rule.defaults, **settings_by_code.get(rule.code, {})} for rule in rules}
    run = RuleCheckRun(
        scope=scope, period_start=period_start, period_end=period_end, created_by=user, inspection=inspection,
        rule_codes=[rule.code for rule in rules], thresholds=thresholds,
    )
    run.full_clean(exclude=["rule_codes", "thresholds"])  # empty when no rule is in force
    run.save()
    run.targets.set(targets)
    return run


@transaction.atomic
def check_run_create(*, user, scope, period_start: datetime.date, period_end: datetime.date, rule_codes=None):
    if period_end < period_start:
        raise ApplicationError(_("Ngày kết thúc kỳ kiểm tra phải sau ngày bắt đầu."), fields={"period_end": [
            _("Ngày kết thúc kỳ kiểm tra phải sau ngày bắt đầu.")]})
    if user is not None and not object_in_scope(user, scope):
        raise ApplicationError(_("Tổ chức không thuộc phạm vi phụ trách của bạn."), code="out_of_scope", status=404)
    _validate_codes(rule_codes)
    return _create_run(user=user, scope=scope, period_start=period_start, period_end=period_end,
                       rule_codes=rule_codes)


def outermost(organizations):
    """The organizations not inside another one of the list, in tree order."""
    by_path = {}
    for organization in organizations:
        by_path.setdefault(organization.path, organization)
    return [by_path[path] for path in outermost_paths(by_path)]


def lowest_common_ancestor(organizations):
    common = common_ancestor(o.path for o in organizations)
    if not common:  # two separate trees: no organization holds them all
        raise ApplicationError(_("Các tổ chức được kiểm tra không thuộc cùng một cây tổ chức."),
                               fields={"inspection": [_("Không xác định được phạm vi chung.")]})
    return Organization.objects.get(path=common)


def rules_of_topics(topic_codes):
    return sorted(code for code, rule in REGISTRY.items() if rule.topic in topic_codes)


@transaction.atomic
def check_run_create_for_inspection(*, user, inspection: Inspection, rule_codes=None):
    """Checks on an inspection's inspected organizations (those in the user's
    scope) for its period. Without `rule_codes`, the rules of its topics."""
    targets = [t.organization for t in inspection.targets.select_related("organization")]
    if user is not None:
        targets = [o for o in targets if path_in_scope(user, o.path)]
    if not targets:
        raise ApplicationError(_("Không tìm thấy cuộc kiểm tra trong phạm vi phụ trách của bạn."),
                               code="not_found", fields={"inspection": [_("Ngoài phạm vi phụ trách.")]},
                               status=404)
    if inspection.status == InspectionStatus.CANCELLED:
        raise ApplicationError(_("Cuộc kiểm tra đã hủy."), code="illegal_transition", status=409)
    if not (inspection.period_start and inspection.period_end):
        raise ApplicationError(_("Cuộc kiểm tra chưa có thời kỳ kiểm tra (từ ngày, đến ngày)."),
                               fields={"inspection": [_("Chưa có thời kỳ kiểm tra.")]})
    _validate_codes(rule_codes)
    if not rule_codes:
        rule_codes = rules_of_topics(set(inspection.topics.values_list("code", flat=True)))
        if not rule_codes:
            raise ApplicationError(
                _("Chưa có quy định kiểm tra tự động nào cho các nội dung của cuộc kiểm tra; hãy chọn quy định."),
                fields={"rule_codes": [_("Chọn ít nhất một quy định.")]})
    targets = outermost(targets)
    return _create_run(user=user, scope=lowest_common_ancestor(targets), period_start=inspection.period_start,
                       period_end=inspection.period_end, rule_codes=rule_codes, inspection=inspection,
                       targets=targets)


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
            # A run from an inspection evaluates each inspected subtree; the
            # rules read one subtree at a time, so the cost follows the targets.
            roots = list(run.targets.order_by("path")) or [run.scope]
            steps = [(code, root) for code in run.rule_codes for root in roots]
            for index, (code, root) in enumerate(steps, start=1):
                rule = REGISTRY[code]
                ctx = Context(period_start=run.period_start, period_end=run.period_end,
                              thresholds=run.thresholds[code], scope=root)
                RuleCheckResult.objects.bulk_create(
                    RuleCheckResult(
                        run=run, rule_code=code, topic=rule.topic, severity=rule.severity,
                        organization_id=result.organization_id, outcome=result.outcome,
                        measured=result.measured, threshold=result.threshold, message=result.message,
                        params=result.params, evidence=result.evidence,
                    )
                    for result in rule.evaluate_many(rule.active_targets(root, ctx), ctx)
                )
                RuleCheckRun.objects.filter(pk=run.pk).update(progress=int(index * 100 / len(steps)))
    except Exception as exc:  # the run shows its error; the task decides about retries
        RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000])
        raise
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100, finished_at=timezone.now())
    run.refresh_from_db()
    return run


ADD_FINDING_PERM = "inspection.add_finding"


def finding_text_for(result, inspected):
    """The result's sentence, naming the organization when it lies below the inspected one."""
    if result.organization_id == inspected.pk:
        return result.sentence
    return _("%(org)s: %(sentence)s") % {"org": result.organization.name, "sentence": result.sentence}


def inspected_organization_for(result, inspection):
    """The inspection's target holding the result's organization (the nearest one)."""
    path = result.organization.path
    holders = [t.organization for t in inspection.targets.select_related("organization")
               if path.startswith(t.organization.path)]
    if not holders:
        raise ApplicationError(
            _("%(org)s không thuộc các tổ chức được kiểm tra của cuộc kiểm tra %(code)s.")
            % {"org": result.organization.name, "code": inspection.code},
            fields={"organization": [_("Không thuộc đối tượng của cuộc kiểm tra.")]})
    return max(holders, key=lambda o: len(o.path))


@transaction.atomic
def result_to_finding(*, user, result: RuleCheckResult, inspection: Inspection | None = None, text: str = "",
                      severity: str = "", tags=(), topic: Topic | None = None):
    """Record a breach as a limitation (hạn chế) of the inspection, linked to
    the result. The text defaults to the result's sentence; the inspection's
    rules for findings apply (in progress or reporting, the organization among
    its targets, the topic among its topics, the user's scope)."""
    if not user.has_perm(ADD_FINDING_PERM):
        raise ApplicationError(_("Bạn không có quyền thực hiện thao tác này."), code="permission_denied", status=403)
    list(RuleCheckResult.objects.select_for_update().filter(pk=result.pk).values_list("pk"))
    result = RuleCheckResult.objects.select_related("organization", "run__inspection").get(pk=result.pk)
    if not object_in_scope(user, result):
        raise ApplicationError(_("Không tìm thấy kết quả kiểm tra theo quy định trong phạm vi phụ trách."),
                               code="not_found", status=404)
    if result.finding_id:
        raise ApplicationError(
            _("Vi phạm này đã được ghi thành kết quả kiểm tra #%(id)s.") % {"id": result.finding_id},
            code="already_recorded", fields={"finding": [str(result.finding_id)]}, status=409)
    if result.outcome != Outcome.BREACH:
        raise ApplicationError(_("Chỉ ghi thành hạn chế được các kết quả «Vi phạm»."), code="not_a_breach",
                               fields={"outcome": [_("Không phải vi phạm.")]})
    inspection = inspection or result.run.inspection
    if inspection is None:
        raise ApplicationError(_("Chọn cuộc kiểm tra để ghi hạn chế."),
                               fields={"inspection": [_("Bắt buộc với lượt kiểm tra không gắn cuộc kiểm tra.")]})
    if topic is None:
        topic = Topic.objects.filter(code=result.topic).first()
        if topic is None:
            raise ApplicationError(
                _("Danh mục nội dung kiểm tra chưa có nội dung «%(code)s» của quy định %(rule)s; hãy chọn nội dung "
                  "cho hạn chế.") % {"code": result.topic, "rule": result.rule_code},
                fields={"topic": [_("Bắt buộc.")]})
    inspected = inspected_organization_for(result, inspection)
    finding = finding_create(
        user=user, inspection=inspection, organization=inspected, topic=topic, kind=FindingKind.LIMITATION,
        text=text or finding_text_for(result, inspected), severity=severity or FINDING_SEVERITY[result.severity],
        tags=tags,
    )
    RuleCheckResult.objects.filter(pk=result.pk).update(finding=finding)
    result.finding = finding
    return finding

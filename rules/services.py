import contextlib
import datetime
import gc
import json
import logging
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models import DecimalField, JSONField
from django.utils.translation import gettext as _

from core import task_rows
from core.errors import ApplicationError
from core.pgcopy import copy_rows
from core.scoping import common_ancestor, object_in_scope, outermost_paths, path_in_scope
from core.services import stored_user, validated_save
from core.tasks import local_time_text, stale_task_minutes, task_error_text
from inspection.choices import FindingKind, InspectionStatus
from inspection.models import Inspection, Topic
from inspection.services import finding_create
from organizations.models import Organization

from .base import REGISTRY, Context
from .choices import FINDING_SEVERITY, FLAGGED_OUTCOMES, RunStatus
from .models import RuleCheckResult, RuleCheckRun, RuleSetting
from .signals import run_queued

logger = logging.getLogger(__name__)


def rule_settings_ensure():
    """A RuleSetting row for every registered rule, with its default thresholds."""
    existing = set(RuleSetting.objects.values_list("rule_code", flat=True))
    RuleSetting.objects.bulk_create(
        [RuleSetting(rule_code=code, thresholds=dict(rule.defaults), note=str(rule.note))
         for code, rule in REGISTRY.items() if code not in existing]
    )


def rules_in_force(start, end, codes=None):
    """The enabled rules with a version in force on some day of [start, end]:
    each judges the records of the days its regulation governed."""
    rule_settings_ensure()
    enabled = set(RuleSetting.objects.filter(enabled=True).values_list("rule_code", flat=True))
    return [
        rule for code, rule in sorted(REGISTRY.items())
        if code in enabled and rule.intersects(start, end) and (codes is None or code in codes)
    ]


def _validate_codes(rule_codes):
    unknown = set(rule_codes or []) - set(REGISTRY)
    if unknown:
        raise ApplicationError(_("Không có quy định mã: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
                               fields={"rule_codes": [_("Mã quy định không tồn tại.")]})


def _create_run(*, user, scope, period_start, period_end, rule_codes, inspection=None, targets=()):
    rules = rules_in_force(period_start, period_end, set(rule_codes) if rule_codes else None)
    settings_by_code = dict(RuleSetting.objects.values_list("rule_code", "thresholds"))
    thresholds = {rule.code: {**rule.defaults, **settings_by_code.get(rule.code, {})} for rule in rules}
    run = RuleCheckRun(
        scope=scope, period_start=period_start, period_end=period_end, created_by=stored_user(user),
        inspection=inspection, rule_codes=[rule.code for rule in rules], thresholds=thresholds,
    )
    validated_save(run, exclude=["rule_codes", "thresholds"])  # empty when no rule is in force
    run.targets.set(targets)
    return run


@transaction.atomic
def check_run_create(*, user, scope, period_start: datetime.date, period_end: datetime.date, rule_codes=None):
    if period_end < period_start:
        raise ApplicationError(_("Ngày kết thúc kỳ kiểm tra phải sau ngày bắt đầu."), fields={"period_end": [
            _("Ngày kết thúc kỳ kiểm tra phải sau ngày bắt đầu.")]})
    if not object_in_scope(user, scope):
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
    targets = [o for o in targets if path_in_scope(user, o.path)]
    if not targets:
        raise ApplicationError(_("Không tìm thấy cuộc kiểm tra trong phạm vi phụ trách của bạn."),
                               code="not_found", fields={"inspection": [_("Ngoài phạm vi phụ trách.")]},
                               status=404)
    if inspection.status == InspectionStatus.CANCELLED:
        raise ApplicationError(_("Cuộc kiểm tra đã hủy."), code="invalid_transition", status=409)
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


def check_run_enqueue(run: RuleCheckRun):
    """Queue the run's execution once it is committed (rules.tasks). A
    broker that refuses the message fails the run with the reason: no run
    waits "queued" for ever."""
    run_queued.send(sender=RuleCheckRun, run_id=run.pk)


def check_run_execute(*, run_id, transient_errors: tuple = ()):
    """Evaluate every rule of the run on its targets and store the results.
    Safe to call twice: a finished or failed run, or one a live task holds,
    is returned as it is. Progress and heartbeat are written after each rule
    (outside any transaction, so that they are seen); the results are stored
    all at once. Errors in `transient_errors` put the run back in the queue
    and propagate (the task retries); any other error fails the run."""
    run = task_rows.claim(RuleCheckRun, run_id)
    if run is None:
        return RuleCheckRun.objects.get(pk=run_id)
    with cyclic_gc_paused():
        return _execute(run, transient_errors)


def _execute(run, transient_errors):
    """check_run_execute on the run it claimed."""
    run_id = run.pk
    try:
        # A run from an inspection evaluates each inspected subtree; the
        # rules read one subtree at a time, so the cost follows the targets.
        roots = list(run.targets.order_by("path")) or [run.scope]
        steps = [(code, root) for code in run.rule_codes for root in roots]
        rows, shared = [], {}  # shared: figures several rules read (Context.shared_figures)
        for index, (code, root) in enumerate(steps, start=1):
            rule = REGISTRY[code]
            start, end = rule.clip(run.period_start, run.period_end)
            ctx = Context(period_start=start, period_end=end, thresholds=run.thresholds[code], scope=root,
                          run_start=run.period_start, run_end=run.period_end, shared=shared)
            rows.extend(_result_rows(rule, ctx, root, run.thresholds[code]))
            task_rows.beat(RuleCheckRun, run.pk, int(index * 100 / len(steps)))
        with transaction.atomic():
            run = RuleCheckRun.objects.select_for_update().get(pk=run.pk)
            if run.status != RunStatus.RUNNING:  # swept as lost, or finished by a task that took it over
                task_rows.finish(run)  # refused: their outcome stands, the results of this execution are dropped
                return run
            RuleCheckResult.objects.filter(run=run).delete()
            _store_results(run, rows)
            run.summary = result_summary(rows)
            task_rows.finish(run, also=["summary"])
        return run
    except transient_errors:
        task_rows.requeue(RuleCheckRun, run_id)
        raise
    except Exception as exc:  # a rule's bug or bad data must reach the user, not vanish
        logger.exception("Rule run %s failed", run_id)
        return check_run_fail(run_id=run_id, error=run_error_text(exc))


# A result as the engine keeps it until it is stored: a tuple, not a model
# instance (a whole-city run has 100,000 of them), in the order of these fields.
RESULT_FIELDS = ("rule_code", "topic", "severity", "organization_id", "outcome", "measured", "threshold", "message",
                 "params", "evidence", "regulation", "applied")
_CODE, _OUTCOME, _ORGANIZATION = (RESULT_FIELDS.index(name) for name in ("rule_code", "outcome", "organization_id"))


def _result_rows(rule, ctx, root, thresholds):
    """The rule's results on the active targets of `root`, as RESULT_FIELDS
    tuples (texts as str); a result naming no regulation or thresholds gets the rule's (one
    dict shared by those rows: it is only read, and serialized once)."""
    start, end = ctx.period_start, ctx.period_end
    default_regulation = "; ".join(v.regulation for v in rule.all_versions() if v.overlaps(start, end))
    default_applied = {"thresholds": thresholds, "period": [start.isoformat(), end.isoformat()]}
    code, topic, severity = str(rule.code), str(rule.topic), str(rule.severity)
    return [
        (code, topic, severity, result.organization_id, str(result.outcome), result.measured, result.threshold,
         str(result.message), result.params, result.evidence, str(result.regulation or default_regulation),
         result.applied or default_applied)
        for result in rule.evaluate_many(rule.active_targets(root, ctx), ctx)
    ]


@contextlib.contextmanager
def cyclic_gc_paused():
    """A run makes hundreds of thousands of objects (rows read, figures,
    results) that live until it ends and almost no reference cycles; the
    cyclic collector's passes over them were ~40 % of a whole-city run's
    CPU (10.3 s, 6.0 s without; the same peak RSS). Reference counting still
    frees what the run drops; the collector resumes when it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def result_summary(rows):
    """{rule code: {outcome: organizations}}: per rule and outcome, how many
    organizations the results (RESULT_FIELDS tuples) name (each once), rules in code order."""
    organizations = {}
    for row in rows:
        organizations.setdefault((row[_CODE], row[_OUTCOME]), set()).add(row[_ORGANIZATION])
    summary = {}
    for (code, outcome), ids in sorted(organizations.items()):
        summary.setdefault(code, {})[outcome] = len(ids)
    return summary


def _store_results(run, rows):
    """Insert a run's results (RESULT_FIELDS tuples) in their order. On
    PostgreSQL through COPY: a whole-city run's 100,000 rows take seconds,
    where bulk_create's one INSERT from UNNEST of text arrays (jsonb among
    them) took half a minute."""
    if connection.vendor != "postgresql" or not rows:
        RuleCheckResult.objects.bulk_create(
            [RuleCheckResult(run=run, **dict(zip(RESULT_FIELDS, row, strict=True))) for row in rows])
        return
    db = connections[RuleCheckResult.objects.db]  # the connection itself: no proxy lookup per value
    meta = RuleCheckResult._meta
    fields = [meta.get_field(name) for name in ("run_id", *RESULT_FIELDS)]
    # Only the JSON and decimal values need converting (the engine made the
    # texts str): no call per value for the other 8 fields of 100,000 rows.
    converters = [(index, convert) for index, convert in enumerate(map(_copy_value, fields)) if convert]

    def prepared(row):
        values = [run.pk, *row]
        for index, convert in converters:
            values[index] = convert(values[index])
        return values

    copy_rows(db, RuleCheckResult, fields, map(prepared, rows))


def _copy_value(field):
    """How COPY gets a field's value when it is not the value itself: what
    `field.get_db_prep_save` gives, without its per-value overhead. JSON as
    text (what the field's adaptation sends, jsonb parses it alike), the same
    dict object in a row after another serialized once; decimals as the field
    makes them. None for the other fields (ids and str, sent as they are)."""
    if isinstance(field, JSONField):
        encode = (field.encoder or json.JSONEncoder)().encode  # what json.dumps(value, cls=encoder) does
        last = [None, None]  # the previous dict and its text

        def to_json(value):
            if value is None:
                return None
            if value is not last[0]:
                last[0], last[1] = value, encode(value)
            return last[1]
        return to_json
    if isinstance(field, DecimalField):
        return lambda value: value if value is None or type(value) is Decimal else field.to_python(value)
    return None


def run_error_text(exc) -> str:
    return task_error_text(exc, _("Quá thời gian cho phép khi chạy kiểm tra theo quy định."))


def check_run_fail(*, run_id, error: str) -> RuleCheckRun:
    return task_rows.fail(RuleCheckRun, run_id, error)


def _stale_run_reason(run: RuleCheckRun) -> str:
    minutes = stale_task_minutes()
    if run.status == RunStatus.QUEUED:
        return _("Lượt kiểm tra chờ quá %(minutes)s phút mà không được tiến trình xử lý nền nhận chạy (hàng đợi "
                 "hoặc tiến trình xử lý nền có thể đã ngừng). Hãy thử lại.") % {"minutes": minutes}
    return _("Lượt kiểm tra bị gián đoạn: không nhận được tín hiệu hoạt động từ %(time)s (quá %(minutes)s phút; "
             "tiến trình xử lý nền có thể đã bị dừng). Hãy thử lại.") % {
        "time": local_time_text(run.heartbeat_at), "minutes": minutes}


def check_run_fail_stale(*, now=None) -> list[int]:
    """Fail, with a reason, every queued or running run whose task shows no
    sign of life; they can then be retried."""
    return task_rows.fail_stale(RuleCheckRun, now=now, reason=_stale_run_reason)


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
    if result.outcome not in FLAGGED_OUTCOMES:
        raise ApplicationError(_("Chỉ ghi thành hạn chế được các kết quả «Vi phạm» hoặc «Cần xem xét»."),
                               code="not_a_breach", fields={"outcome": [_("Không phải vi phạm hay cảnh báo.")]})
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


EVIDENCE_LIMIT = 20  # records cited per limitation created from a breach; the rule's sentence names the rest


@transaction.atomic
def result_to_limitation(*, user, result: RuleCheckResult, inspection: Inspection | None = None):
    """«Tạo hạn chế» in the workspace: the breach recorded as a limitation
    (result_to_finding, linked to the result) citing the records the rule read
    as its evidence, those the user may cite (kinds allowed as evidence, in
    scope, of the inspected unit's subtree); the others are left out."""
    from inspection.models import FindingEvidence
    from inspection.services import finding_add_evidence

    finding = result_to_finding(user=user, result=result, inspection=inspection)
    note = _("Căn cứ dữ liệu của quy định %(rule)s") % {"rule": result.rule_code}
    for label, ids in sorted((result.evidence or {}).items()):
        if FindingEvidence.allowed_model(label) is None:
            continue
        for record_id in list(ids)[:EVIDENCE_LIMIT]:
            try:
                finding_add_evidence(user=user, finding=finding, record_type=label, record_id=record_id, note=note)
            except ApplicationError:
                continue  # gone, out of scope or of another subtree: not cited
    return finding

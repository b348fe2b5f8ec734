from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.inputs import validate_real_date
from core.scoping import ScopedQuerySet
from core.tasks import heartbeat_is_stale, stale_before

from .base import REGISTRY, render_message
from .choices import Outcome, RunStatus, Severity


class RuleSetting(models.Model):
    """The editable thresholds of one rule. A run copies them, so changing a
    threshold changes the next run, never a stored one."""

    rule_code = models.CharField(_("mã quy định"), max_length=20, unique=True)
    enabled = models.BooleanField(_("đang áp dụng"), default=True)
    thresholds = models.JSONField(_("ngưỡng"), default=dict)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("thiết lập quy định kiểm tra")
        verbose_name_plural = _("thiết lập quy định kiểm tra")
        ordering = ["rule_code"]

    def __str__(self):
        rule = REGISTRY.get(self.rule_code)
        return f"{self.rule_code} — {rule.title}" if rule else self.rule_code


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class RuleCheckRunQuerySet(ScopedQuerySet):
    def stale(self, now=None):
        """Queued or running runs whose task shows no sign of life (see core.tasks)."""
        return self.filter(status__in=ACTIVE_RUN_STATUSES, heartbeat_at__lt=stale_before(now))


class RuleCheckRun(models.Model):
    """One execution of the checks over a subtree for a period; re-running makes a new run.

    A run started from an inspection evaluates the subtrees of its `targets`
    only (the inspected organizations in the user's scope); its `scope` is then
    the lowest organization containing them all. A user sees a run when its
    scope or one of its targets lies in their subtrees (like an inspection);
    the results are scoped per organization anyway."""
    WRITE_SCOPE_FIELDS = ("scope",)

    SCOPE_FIELD = "scope"
    SCOPE_FIELDS = ("scope", "targets")

    scope = models.ForeignKey(
        "organizations.Organization", verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="rule_runs"
    )
    inspection = models.ForeignKey(
        "inspection.Inspection", verbose_name=_("cuộc kiểm tra"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="rule_runs",
    )
    targets = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("tổ chức được kiểm tra"), blank=True,
        related_name="targeted_rule_runs",
        help_text=_("Để trống: kiểm tra cả cây của phạm vi."),
    )
    period_start = models.DateField(_("từ ngày"), validators=[validate_real_date])
    period_end = models.DateField(_("đến ngày"), validators=[validate_real_date])
    rule_codes = models.JSONField(_("các quy định áp dụng"), default=list)
    thresholds = models.JSONField(_("ngưỡng đã dùng"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chạy"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("tín hiệu hoạt động gần nhất"), default=timezone.now,
        help_text=_("Lúc lượt kiểm tra được đưa vào hàng chờ, được nhận chạy hoặc tiến thêm một bước."),
    )
    # {rule code: {outcome: organizations}} of the whole run, written with its results when it finishes
    # (rules.services.result_summary); None for a run finished before it existed. The dashboard reads it
    # instead of the results when the reader sees the whole run (rules.selectors.breaches_by_rule).
    summary = models.JSONField(_("số tổ chức theo quy định và kết quả"), null=True, blank=True, editable=False)

    objects = RuleCheckRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt kiểm tra theo quy định")
        verbose_name_plural = _("lượt kiểm tra theo quy định")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="rulerun_period"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.scope} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    @property
    def is_active(self):
        return self.status in ACTIVE_RUN_STATUSES

    def is_stale(self, now=None):
        """Queued or running with no heartbeat for STALE_TASK_MINUTES: its task is gone."""
        return self.is_active and heartbeat_is_stale(self.heartbeat_at, now)

    @property
    def can_retry(self):
        return self.status == RunStatus.FAILED or self.is_stale()


class RuleCheckResult(models.Model):
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)

    run = models.ForeignKey(RuleCheckRun, verbose_name=_("lượt kiểm tra"), on_delete=models.CASCADE,
                            related_name="results")
    rule_code = models.CharField(_("mã quy định"), max_length=20, db_index=True)
    topic = models.CharField(_("nội dung"), max_length=40, blank=True)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="rule_results"
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices, db_index=True)
    measured = models.DecimalField(_("giá trị đo"), max_digits=12, decimal_places=4, null=True, blank=True)
    threshold = models.DecimalField(_("ngưỡng"), max_digits=12, decimal_places=4, null=True, blank=True)
    message = models.TextField(_("nhận xét"), blank=True)
    params = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(_("căn cứ dữ liệu"), default=dict, blank=True)
    regulation = models.TextField(
        _("văn bản đã áp dụng"), blank=True,
        help_text=_("Văn bản có hiệu lực vào ngày của các số liệu được đánh giá (mỗi số liệu theo quy định của ngày "
                    "đó)."),
    )
    applied = models.JSONField(
        _("ngưỡng đã áp dụng"), default=dict, blank=True,
        help_text=_("Ngưỡng và khoảng thời gian đã dùng để đánh giá, sao lại từ thiết lập lúc chạy."),
    )
    # The limitation recorded from this breach. The link lives here because
    # the inspection app must not depend on the rules.
    finding = models.ForeignKey(
        "inspection.Finding", verbose_name=_("kết quả kiểm tra (hạn chế)"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="rule_results",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả kiểm tra theo quy định")
        verbose_name_plural = _("kết quả kiểm tra theo quy định")
        ordering = ["run", "rule_code", "organization__path"]
        indexes = [models.Index(fields=["run", "outcome"], name="ruleresult_run_outcome")]

    def __str__(self):
        return f"{self.rule_code} {self.organization_id}: {self.outcome}"

    @property
    def sentence(self):
        return render_message(self.message, self.params)

    @property
    def rule(self):
        return REGISTRY.get(self.rule_code)

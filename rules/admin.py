from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ScopedAdminMixin, ScopedInline
from core.errors import ApplicationError

from .base import REGISTRY
from .choices import Outcome
from .models import RuleCheckResult, RuleCheckRun, RuleSetting
from .selectors import results_by_topic
from .services import ADD_FINDING_PERM, result_to_finding


@admin.register(RuleSetting)
class RuleSettingAdmin(SimpleHistoryAdmin):
    list_display = ["rule_code", "title", "regulation", "enabled", "thresholds", "updated_at"]
    list_filter = ["enabled"]
    readonly_fields = ["rule_code", "title", "regulation"]
    fields = ["rule_code", "title", "regulation", "enabled", "thresholds", "note"]

    @admin.display(description=_("Tên quy định"))
    def title(self, obj):
        rule = REGISTRY.get(obj.rule_code)
        return rule.title if rule else "—"

    @admin.display(description=_("Văn bản quy định"))
    def regulation(self, obj):
        rule = REGISTRY.get(obj.rule_code)
        return rule.regulation if rule else "—"

    def has_add_permission(self, request):
        return False


def by_topic_table(user, run):
    """Per topic, the outcome counts, each linking to those results (where breaches can be recorded)."""
    groups = results_by_topic(user=user, run=run)
    if not groups:
        return "—"
    url = reverse("admin:rules_rulecheckresult_changelist")
    rows = []
    for group in groups:
        counts = format_html_join(", ", '<a href="{}?{}">{}: {}</a>', (
            (url, urlencode({"run": run.pk, "topic": group["topic"], "outcome": outcome}), Outcome(outcome).label,
             count)
            for outcome, count in sorted(group["counts"].items())
        ))
        rows.append((group["name"], counts))
    return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))


class ResultInline(ScopedInline):
    model = RuleCheckResult
    extra = 0
    can_delete = False
    fields = ["topic", "rule_code", "organization", "outcome", "measured", "threshold", "sentence", "finding"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("organization", "finding")
                .order_by("topic", "rule_code", "organization__path"))

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RuleCheckRun)
class RuleCheckRunAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "scope", "inspection", "period_start", "period_end", "status", "progress", "created_by",
                    "created_at"]
    list_filter = ["status"]
    list_select_related = ["scope", "created_by", "inspection"]
    readonly_fields = ["scope", "inspection", "target_list", "period_start", "period_end", "rule_codes",
                       "thresholds", "status", "progress", "error", "created_by", "created_at", "finished_at",
                       "heartbeat_at"]
    exclude = ["targets"]
    inlines = [ResultInline]

    @admin.display(description=_("Tổ chức được kiểm tra"))
    def target_list(self, obj):
        return ", ".join(str(o) for o in obj.targets.order_by("path")) or "—"

    def get_readonly_fields(self, request, obj=None):
        # A callable bound to this request: the summary shows only what the user may see.
        @admin.display(description=_("Kết quả theo nội dung kiểm tra"))
        def results_by_topic_table(run):
            return by_topic_table(request.user, run)

        return [*self.readonly_fields, results_by_topic_table]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RuleCheckResult)
class RuleCheckResultAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["run", "topic", "rule_code", "organization", "outcome", "measured", "threshold", "sentence",
                    "finding"]
    list_filter = ["outcome", "topic", "rule_code", "severity"]
    list_select_related = ["organization", "run__scope", "finding"]
    actions = ["record_as_findings"]

    def has_record_permission(self, request):
        return request.user.has_perm(ADD_FINDING_PERM)

    @admin.action(description=_("Tạo kết quả kiểm tra (hạn chế) từ vi phạm"), permissions=["record"])
    def record_as_findings(self, request, queryset):
        """Each selected breach becomes a draft limitation of its run's
        inspection (same service as the API). All or nothing."""
        errors = []
        try:
            with transaction.atomic():
                for result in queryset.select_related("run", "organization").order_by("pk"):
                    try:
                        result_to_finding(user=request.user, result=result)
                    except ApplicationError as exc:
                        errors.append(f"#{result.pk} ({result.rule_code}, {result.organization}): {exc.message}")
                if errors:
                    raise ApplicationError(" ".join(errors))
        except ApplicationError:
            self.message_user(request, _g("Chưa tạo kết quả kiểm tra nào: %(errors)s") % {"errors": " ".join(errors)},
                              messages.ERROR)
            return
        self.message_user(request, _g("Đã tạo %(count)s kết quả kiểm tra (hạn chế) dự thảo.") % {
            "count": queryset.count()}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

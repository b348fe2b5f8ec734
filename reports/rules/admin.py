from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ScopedAdminMixin

from .base import REGISTRY
from .models import RuleCheckResult, RuleCheckRun, RuleSetting


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


class ResultInline(admin.TabularInline):
    model = RuleCheckResult
    extra = 0
    can_delete = False
    fields = ["rule_code", "organization", "outcome", "measured", "threshold", "sentence"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("organization")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RuleCheckRun)
class RuleCheckRunAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "scope", "period_start", "period_end", "status", "progress", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["scope", "created_by"]
    readonly_fields = ["scope", "period_start", "period_end", "rule_codes", "thresholds", "status", "progress",
                       "error", "created_by", "created_at", "finished_at"]
    inlines = [ResultInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RuleCheckResult)
class RuleCheckResultAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["run", "rule_code", "organization", "outcome", "measured", "threshold", "sentence"]
    list_filter = ["outcome", "rule_code", "severity"]
    list_select_related = ["organization", "run"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdminMixin, ScopedHistoryAdmin, ScopedInline
from core.admin_steps import WorkflowStepsAdminMixin

from .models import NotificationLog, Report, ReportFile


class ReportFileInline(ScopedInline):
    model = ReportFile
    extra = 0
    can_delete = False
    fields = ["format", "file", "size", "sha256", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(WorkflowStepsAdminMixin, ScopedHistoryAdmin):
    """Reports are requested through the pages or the API (the service
    deduplicates and queues them); the admin reads them and retries failures
    (the «retry» step of reports/workflow.py)."""

    list_display = ["kind", "scope", "period", "version", "status", "progress", "requested_by",
                    "requested_by_schedule", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["scope", "requested_by"]
    search_fields = ["period_key", "scope__name", "scope__code"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind", "scope", "period_key", "period_start", "period_end", "issued_on", "version", "status", "progress",
        "error", "attempts", "params", "requested_by", "requested_by_schedule", "created_at", "started_at",
        "finished_at", "heartbeat_at",
    ]
    inlines = [ReportFileInline]

    @admin.display(description=_("kỳ báo cáo"), ordering="period_key")
    def period(self, obj):
        return obj.period_display

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Versions are kept; only a system administrator removes a report.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(NotificationLog)
class NotificationLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The sent-mail log is evidence: read-only."""

    list_display = ["sent_at", "reason", "recipient", "organization", "content_type", "object_id", "subject"]
    list_filter = ["reason", "day"]
    list_select_related = ["organization", "content_type"]
    search_fields = ["recipient", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import tokens
from .models import ApiToken


class ActiveFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Đang dùng được")), ("expired", _("Hết hạn")), ("revoked", _("Đã thu hồi"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.active(now)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "state"]
    list_filter = [ActiveFilter]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "prefix", "created_at", "created_by", "expires_at", "last_used_at",
                "revoked_at", "revoked_reason"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "prefix", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_reason"]

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "expires_at": tokens.default_expiry()}

    @admin.display(description=_("Tình trạng"))
    def state(self, obj):
        if obj.is_revoked:
            return _("Đã thu hồi")
        if obj.is_expired():
            return _("Hết hạn")
        return _("Đang dùng được")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            # The key exists in clear only for this request: shown once by response_add.
            request._api_token_key = tokens.assign_new_key(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_api_token_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "token": obj, "key": key,
            "title": _("Đã tạo khóa API"),
        }
        return TemplateResponse(request, "admin/accounts/apitoken/created.html", context)

    @admin.action(description=_("Thu hồi các khóa đã chọn"), permissions=["change"])
    def revoke(self, request, queryset):
        count = tokens.api_tokens_revoke(tokens=queryset)
        self.message_user(request, _("Đã thu hồi %(n)d khóa.") % {"n": count}, messages.SUCCESS)

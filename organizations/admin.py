from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedHistoryAdmin

from .models import Organization, OrganizationSuccession, Term, User
from .services import organization_move


class SuccessionInline(admin.TabularInline):
    model = OrganizationSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]


@admin.register(Organization)
class OrganizationAdmin(ScopedHistoryAdmin):
    list_display = ["tree_name", "code", "kind", "level", "grassroots_type", "has_government", "valid_from", "valid_to"]
    list_filter = ["kind", "level", "grassroots_type", "has_government", "valid_to"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["breadcrumb", "level"]
    inlines = [SuccessionInline]
    list_select_related = ["parent"]

    @admin.display(description=_("Tên (theo cây)"), ordering="path")
    def tree_name(self, obj):
        return format_html('<span style="padding-left:{}em">{}</span>', max(obj.depth - 1, 0) * 1.5, obj.name)

    @admin.display(description=_("Vị trí trong cây"))
    def breadcrumb(self, obj):
        if not obj.pk:
            return "-"
        return " › ".join(str(a) for a in obj.ancestors()) or "-"

    def save_model(self, request, obj, form, change):
        if change and "parent" in form.changed_data:
            organization_move(organization=obj, new_parent=obj.parent)
        else:
            super().save_model(request, obj, form, change)


@admin.register(OrganizationSuccession)
class OrganizationSuccessionAdmin(ScopedHistoryAdmin):
    list_display = ["predecessor", "kind", "successor", "effective_date"]
    list_filter = ["kind"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Vai trò và phạm vi"), {"fields": ("role", "organizations", "api_write", "personal_data_access")}),
    )
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    filter_horizontal = ["organizations", "groups", "user_permissions"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedHistoryAdmin, ScopedInline
from core.errors import ApplicationError

from . import services
from .models import (
    AdmissionYear,
    CellMeeting,
    CommitteeMember,
    Congress,
    MemberRating,
    MembershipStructure,
    Organization,
    OrganizationSuccession,
    QualityRating,
    Term,
    User,
)
from .services import organization_move


class SuccessionInline(ScopedInline):
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
            organization_move(user=request.user, organization=obj, new_parent=obj.parent)
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


# --- Yearly records -------------------------------------------------------------------
class RowCheckedForm(forms.ModelForm):
    """Runs the service's rule spanning rows (ROW_CHECK) after the model's own
    validation, so the admin refuses what the API refuses, with the same message."""

    ROW_CHECK = None

    def _post_clean(self):
        super()._post_clean()
        if self.ROW_CHECK is not None and not self.errors:
            try:
                type(self).ROW_CHECK(self.instance)
            except ApplicationError as exc:
                self.add_error(None, str(exc.message))


class RecordAdmin(ScopedHistoryAdmin):
    row_check = None
    list_per_page = 50

    def get_form(self, request, obj=None, **kwargs):
        if self.row_check is not None:
            kwargs["form"] = type("CheckedForm", (RowCheckedForm,), {"ROW_CHECK": staticmethod(self.row_check)})
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(Congress)
class CongressAdmin(RecordAdmin):
    list_display = ["organization", "term", "opened_on", "closed_on", "resolution_number", "admission_target"]
    list_filter = ["term"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "term"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(RecordAdmin):
    row_check = staticmethod(services.check_committee_overlap)
    list_display = ["full_name", "organization", "term", "position", "gender", "birth_date", "from_date", "to_date"]
    list_filter = ["term", "position", "gender"]
    search_fields = ["full_name", "cadre_code"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "term"]


class MemberRatingFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        members = [
            form.instance for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.is_valid()
        ]
        errors = services.member_rating_errors(self.instance, members)
        if errors:
            raise forms.ValidationError(errors)


class MemberRatingInline(ScopedInline):
    model = MemberRating
    formset = MemberRatingFormSet
    extra = 0
    fields = ["full_name", "birth_date", "cadre_code", "level", "not_rated_reason", "note"]


@admin.register(QualityRating)
class QualityRatingAdmin(RecordAdmin):
    list_display = ["organization", "year", "subject", "excellent", "good", "fulfilled", "failed", "total",
                    "relation_badge"]
    list_filter = ["year", "subject", "excellent_cap_exceeded"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["relation_badge", "level_names"]
    inlines = [MemberRatingInline]
    fieldsets = [
        (None, {"fields": ["organization", "year", "subject", "source_document"]}),
        (_("Số lượng theo mức xếp loại"), {"fields": ["level_names", "excellent", "good", "fulfilled", "failed"]}),
        (_("Không xếp loại và tổng số"), {"fields": ["not_rated_exempted", "not_rated_suspended", "not_rated_other",
                                                    "total", "relation_badge", "notes"]}),
    ]

    @admin.display(description=_("Các mức của năm"))
    def level_names(self, obj):
        if not obj.pk:
            return _("Từ năm 2018: Hoàn thành xuất sắc nhiệm vụ / Hoàn thành tốt nhiệm vụ / Hoàn thành nhiệm vụ / "
                     "Không hoàn thành nhiệm vụ; trước 2018: Trong sạch, vững mạnh / Hoàn thành tốt nhiệm vụ / "
                     "Hoàn thành nhiệm vụ / Yếu kém.")
        return " / ".join(str(label) for _level, label, _count in obj.level_counts())

    @admin.display(description=_("Tỷ lệ hoàn thành xuất sắc / hoàn thành tốt nhiệm vụ (không quá 20%)"),
                   ordering="excellent_cap_exceeded")
    def relation_badge(self, obj):
        relation = obj.excellent_relation() if obj.pk else None
        if relation is None:
            return "—"
        if relation.exceeded:
            return format_html('<strong style="color:#b02a37">{} / {} = {} — {}</strong>', relation.excellent,
                               relation.good, relation.percent_shown, _("vượt 20%"))
        return format_html("{} / {} = {}", relation.excellent, relation.good, relation.percent_shown)


@admin.register(CellMeeting)
class CellMeetingAdmin(RecordAdmin):
    row_check = staticmethod(services.check_meeting_unique)
    list_display = ["cell", "date", "kind", "members_total", "present", "absent_unexcused", "spoke", "young_spoke",
                    "criticism_held", "quality", "meets_attendance_test"]
    list_filter = ["kind", "quality", "content_focus", "criticism_held", "meets_attendance_test"]
    date_hierarchy = "date"
    autocomplete_fields = ["cell"]
    list_select_related = ["cell"]


@admin.register(AdmissionYear)
class AdmissionYearAdmin(RecordAdmin):
    list_display = ["organization", "year", "target", "admitted", "behind_target"]
    list_filter = ["year", "behind_target"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(MembershipStructure)
class MembershipStructureAdmin(RecordAdmin):
    list_display = ["organization", "year", "members_total", "women", "under_30"]
    list_filter = ["year"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]

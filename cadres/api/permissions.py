from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from core.permissions import StepPermission

PERSONAL_DATA_DENIED = _("Hệ thống kết nối chưa được cấp quyền xem dữ liệu cá nhân của cán bộ.")


class PersonalDataPermission(StepPermission):
    """Role permissions, and cadre data only for users allowed personal data:
    an API client without `personal_data_access` gets 403 on every endpoint
    that names a person."""

    message = PERSONAL_DATA_DENIED

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.can_see_personal_data


class AnalysisPermission(permissions.BasePermission):
    """Computed views name people: they need the planning view permission and
    personal-data access."""

    message = PERSONAL_DATA_DENIED

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.has_perm("cadres.view_planningentry")):
            self.message = _("Bạn không có quyền thực hiện thao tác này.")
            return False
        return user.can_see_personal_data

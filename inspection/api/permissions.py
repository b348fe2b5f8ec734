from core.permissions import RolePermission


class StepPermission(RolePermission):
    """Role permissions, where a workflow action may name the permissions it
    needs in the view's `action_permissions` (e.g. verifying a requirement
    needs change_remediationrequirement, not add_)."""

    def has_permission(self, request, view):
        required = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if required is None:
            return super().has_permission(request, view)
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(required))

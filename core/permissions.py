from rest_framework import permissions

from . import strict


class RolePermission(permissions.DjangoModelPermissions):
    """Model permissions, with reads requiring the view permission too.
    Object scope is enforced by the querysets (for_user), so an object
    outside the user's subtree is simply not found (404)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _queryset(self, view):
        """The queryset that names the model: the view's class attribute when it has one. DRF's own
        calls get_queryset(), which builds the whole scoped, filtered, annotated list a second time."""
        if getattr(view, "queryset", None) is not None:
            return view.queryset
        return super()._queryset(view)

    def has_permission(self, request, view):
        if getattr(view, "_ignore_model_permissions", False):
            allowed = bool(request.user and request.user.is_authenticated)
        else:
            allowed = super().has_permission(request, view)
        if allowed:
            strict.check_query(request)
            if not getattr(view, "detail", False):
                strict.check_body(request, view)
        return allowed

    def has_object_permission(self, request, view, obj):
        # Writes to one object: checked once it is found, so a foreign id stays a 404.
        strict.check_body(request, view)
        return super().has_object_permission(request, view, obj)


class ReadActionPermission(RolePermission):
    """For POST actions that only read (queue a computation, run a check):
    the view permission is enough."""

    perms_map = {**RolePermission.perms_map, "POST": ["%(app_label)s.view_%(model_name)s"]}


class StepPermission(RolePermission):
    """Role permissions, where an action may name the permissions it needs in
    the view's `action_permissions` (verifying a requirement needs
    change_remediationrequirement, not add_); ServiceViewSet fills it in for
    the workflow steps from their table."""

    def has_permission(self, request, view):
        required = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if required is None:
            return super().has_permission(request, view)
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(required))

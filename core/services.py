"""The one write path every app's services share.

A service takes the acting user (`user=`: a real user, or SYSTEM for tasks,
imports and the demo), checks permission and scope itself, validates, saves
and raises one error type, so the API, the pages, the admin and the tasks
cannot differ. Errors all have one shape (core.errors.ApplicationError:
code, message, fields, status).
"""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from . import natural_keys
from .errors import ApplicationError
from .scoping import object_in_scope, object_writable, path_in_scope

# Validation codes that mean "the record is locked by its state", not "bad input".
CONFLICT_CODES = {"conclusion_frozen", "findings_frozen"}
# At most this many dependents are named in a "protected" error.
DEPENDENTS_SHOWN = 10


class SystemActor:
    """The actor of tasks, imports, schedules and the demo: every permission,
    the whole tree. Never stored as a user (see `stored_user`)."""

    pk = id = None
    username = "system"
    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_superuser = True
    is_staff = False

    def scope_paths(self):
        return None

    def has_perm(self, perm, obj=None):
        return True

    def has_perms(self, perms, obj=None):
        return True

    def __str__(self):
        return _("Hệ thống")

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemActor()


def stored_user(actor):
    """The user to store in a `*_by` field or a history row: None for SYSTEM."""
    return None if actor is None or isinstance(actor, SystemActor) else actor


def _require_actor(actor):
    if actor is None:
        raise TypeError("services need an actor: a user, or core.services.SYSTEM for tasks and the demo")


# --- errors ------------------------------------------------------------------
def _first_code(exc):
    errors = sum(exc.error_dict.values(), []) if hasattr(exc, "error_dict") else exc.error_list
    for error in errors:
        if error.code:
            return error.code
    return None


def application_error_from(exc: ValidationError, *, prefix="") -> ApplicationError:
    """A model ValidationError as the one error shape: the message says what is
    wrong (the first problem, or all of them), `fields` maps field → messages
    (`non_field_errors` for the rest)."""
    if hasattr(exc, "error_dict"):
        fields = {("non_field_errors" if key == NON_FIELD_ERRORS else key): value
                  for key, value in exc.message_dict.items()}
    else:
        fields = {"non_field_errors": exc.messages}
    messages = [message for values in fields.values() for message in values]
    if len(messages) == 1 or prefix:
        message = f"{prefix}{messages[0]}"
    else:
        message = _("Dữ liệu không hợp lệ: %(details)s") % {"details": " ".join(messages)}
    code = _first_code(exc)
    if code in CONFLICT_CODES:
        return ApplicationError(message, code=code, fields=fields, status=409)
    return ApplicationError(message, code="invalid", fields=fields)


def validated_save(instance, *, user=None, check=None, prefix="", exclude=None, **save_kwargs):
    """full_clean() (unique constraints left to `check` when one is given, so
    its message is ours; the fields in `exclude` not validated), then
    `check(instance)` for rules spanning rows, then save(). A history row, if
    the model keeps one, names `user`. A record whose natural key another one
    holds is refused first: 409 `duplicate` naming it (core.natural_keys)."""
    natural_keys.check_unique(instance)
    try:
        instance.full_clean(exclude=exclude, validate_constraints=check is None)
    except ValidationError as exc:
        raise application_error_from(exc, prefix=prefix) from exc
    if check is not None:
        check(instance)
    if user is not None:
        instance._history_user = stored_user(user)
    instance.save(**save_kwargs)
    natural_keys.remember(instance)
    return instance


def protected_delete(instance, *, user=None):
    """Delete, or 409 `protected` naming what still depends on the record."""
    if user is not None:
        instance._history_user = stored_user(user)
    try:
        instance.delete()
    except ProtectedError as exc:
        dependents = [f"{obj._meta.verbose_name}: {obj}" for obj in list(exc.protected_objects)[:DEPENDENTS_SHOWN]]
        raise ApplicationError(
            _("Không xóa được «%(obj)s» vì còn hồ sơ dựa trên nó: %(list)s.")
            % {"obj": instance, "list": "; ".join(dependents)},
            code="protected", status=409, fields={"dependents": dependents},
        ) from exc


def set_fields(instance, fields, allowed, *, code="invalid", message=None):
    """Assign `fields`, refusing any name outside `allowed` (status and the
    dates that go with it change only through transitions)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ApplicationError(
            message or _("Không sửa được các trường: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            code=code, fields={name: [_("Không sửa được.")] for name in unknown})
    for key, value in fields.items():
        setattr(instance, key, value)
    return instance


# --- who may do it -------------------------------------------------------------
def require_perm(user, perm):
    """403 `permission_denied` unless the actor holds `perm` ("app.codename")."""
    _require_actor(user)
    if not (user.is_authenticated and user.is_active and user.has_perm(perm)):
        raise ApplicationError(_("Bạn không có quyền thực hiện thao tác này."), code="permission_denied", status=403)


def model_perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def not_found():
    return ApplicationError(_("Không tìm thấy hồ sơ trong phạm vi phụ trách."), code="not_found", status=404)


def visible(user, obj):
    """Whether `obj` is in the actor's sight: through the model's own for_user
    (documents of the bodies above are read there too) once it is stored."""
    manager = type(obj)._default_manager
    if obj.pk is not None and hasattr(manager.all(), "for_user"):
        return manager.for_user(user).filter(pk=obj.pk).exists()
    return object_in_scope(user, obj)


def require_read_scope(user, obj):
    """404 `not_found` when `obj` lies outside the actor's scope (it does not exist for them)."""
    _require_actor(user)
    if not visible(user, obj):
        raise not_found()


def require_write_scope(user, obj):
    """The write rule (core.scoping.object_writable): every organization that
    owns `obj` must be in the actor's scope. Visible but not writable → 403
    `read_only_scope`; invisible → 404."""
    _require_actor(user)
    if object_writable(user, obj):
        return
    if visible(user, obj):
        raise ApplicationError(
            _("«%(obj)s» thuộc cả tổ chức ngoài phạm vi phụ trách của bạn: bạn chỉ được xem, không được sửa.")
            % {"obj": obj}, code="read_only_scope", status=403)
    raise not_found()


def require_organization(user, organization, field="organization"):
    """A chosen organization (the issuer, a target...) must be in the actor's scope: 403 `out_of_scope`."""
    _require_actor(user)
    if organization is None or not path_in_scope(user, organization.path):
        raise ApplicationError(
            _("«%(org)s» nằm ngoài phạm vi phụ trách của bạn.") % {"org": organization},
            code="out_of_scope", fields={field: [_("Ngoài phạm vi phụ trách.")]}, status=403,
        )


def require_change(user, obj, perm=None):
    """The usual guard of an update, a delete or a step: the model's change
    permission (or `perm`), then the write rule."""
    require_perm(user, perm or model_perm(type(obj), "change"))
    require_write_scope(user, obj)

"""Helpers shared by the services: validated saves, scope and role checks."""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.scoping import path_in_scope

# Validation codes that mean "the record is locked by its state", not "bad input".
CONFLICT_CODES = {"conclusion_frozen", "findings_frozen"}


def _first_code(exc):
    for error in exc.error_list if not hasattr(exc, "error_dict") else sum(exc.error_dict.values(), []):
        if error.code:
            return error.code
    return None


def application_error_from(exc: ValidationError) -> ApplicationError:
    """A model ValidationError as an ApplicationError whose message says what is wrong."""
    if hasattr(exc, "error_dict"):
        fields = exc.message_dict
        messages = [message for values in fields.values() for message in values]
    else:
        messages = exc.messages
        fields = {NON_FIELD_ERRORS: messages}
    code = _first_code(exc)
    message = messages[0] if len(messages) == 1 else _("Dữ liệu không hợp lệ: %(details)s") % {
        "details": " ".join(messages)}
    if code in CONFLICT_CODES:
        return ApplicationError(message, code=code, fields=fields, status=409)
    return ApplicationError(message, code="invalid", fields=fields)


def validated_save(instance, **kwargs):
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise application_error_from(exc) from exc
    instance.save(**kwargs)
    return instance


def guarded_delete(instance):
    try:
        instance.delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("Không xóa được «%(obj)s» vì đã có hồ sơ khác dựa trên nó.") % {"obj": instance},
            code="delete_protected", status=409,
        ) from exc


def require_scope(user, organization, field="organization"):
    if organization is None or not path_in_scope(user, organization.path):
        raise ApplicationError(
            _("«%(org)s» nằm ngoài phạm vi phụ trách của bạn.") % {"org": organization},
            code="out_of_scope", fields={field: [_("Ngoài phạm vi phụ trách.")]}, status=403,
        )


def require_perm(user, perm):
    if user is None or not user.has_perm(perm):
        raise ApplicationError(_("Bạn không có quyền thực hiện thao tác này."), code="permission_denied", status=403)


def set_fields(instance, fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ApplicationError(_("Không sửa được các trường: %(names)s.") % {"names": ", ".join(sorted(unknown))},
                               code="invalid", fields={name: [_("Không sửa được.")] for name in unknown})
    for key, value in fields.items():
        setattr(instance, key, value)

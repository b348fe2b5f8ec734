from django.db import models
from django.utils.translation import gettext_lazy as _


class RevocationReason(models.TextChoices):
    MANUAL = "manual", _("Quản trị viên thu hồi")
    PASSWORD_CHANGED = "password_changed", _("Đã đổi mật khẩu")

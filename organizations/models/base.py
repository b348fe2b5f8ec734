"""Validators and building blocks shared by the yearly records."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

FIRST_YEAR = 2000


def validate_record_year(year):
    if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            _("Năm %(year)s không hợp lệ: phải từ %(first)s đến năm hiện tại.") % {"year": year, "first": FIRST_YEAR},
            code="year_range",
        )


def validate_not_future(day):
    if day is not None and day > timezone.localdate():
        raise ValidationError(
            _("Ngày %(day)s chưa đến: không ghi nhận trước sự việc.") % {"day": day.strftime("%d/%m/%Y")},
            code="future_date",
        )


def validate_upload_size(upload):
    """Kept for the migrations that name it; fields use core.uploads.validate_new_upload."""
    if upload and upload.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_SIZE // (1024 * 1024)},
            code="file_too_large",
        )


def count_field(label, *, minimum=0, **kwargs):
    """A count: a non-negative integer whose error says so in Vietnamese."""
    message = (
        _lazy("Không được là số âm.") if minimum == 0
        else _lazy("Phải lớn hơn hoặc bằng %(limit_value)s.")
    )
    return models.PositiveIntegerField(label, validators=[MinValueValidator(minimum, message=message)], **kwargs)


class DerivedFieldsMixin:
    """Stored derived columns (DERIVED_FIELDS) recomputed by compute_derived()
    on every save, so every write path (service, admin, demo) keeps them right."""

    DERIVED_FIELDS: tuple = ()

    def compute_derived(self):
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.compute_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | set(self.DERIVED_FIELDS)
        super().save(*args, **kwargs)

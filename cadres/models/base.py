"""Pieces shared by the cadre models: [start, end) date intervals, named checks,
and the title-level rule."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet


def _active_on_q(day, start, end):
    """start <= day and (end is null or end > day): [start, end) intervals."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def _ordered_dates(first, second, name):
    return models.CheckConstraint(
        condition=Q(**{f"{second}__isnull": True}) | Q(**{f"{first}__isnull": True})
        | Q(**{f"{second}__gte": F(first)}),
        name=name,
        violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
    )


def _check(condition, name, message):
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def _check_title_level(title, organization, field="title"):
    """A title of the catalogue belongs to one organization level."""
    if title is not None and organization is not None and title.level != organization.level:
        raise ValidationError({field: _("Chức danh “%(title)s” không thuộc cấp của tổ chức “%(org)s”.")
                               % {"title": title.name, "org": organization.name}})


class CadreRecordQuerySet(ScopedQuerySet):
    pass

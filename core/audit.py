"""Audit trail: django-simple-history, with the request that made each change."""
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class RequestInfoHistory(models.Model):
    history_ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    history_request = models.CharField(_("yêu cầu"), max_length=255, blank=True, default="")

    class Meta:
        abstract = True


def audited(**kwargs):
    """The history field every audited model declares: `history = audited()`."""
    kwargs.setdefault("bases", [RequestInfoHistory])
    return HistoricalRecords(**kwargs)


def request_info(default=""):
    """The IP address and request line a history row keeps: the current request's,
    or `default` as the request line outside a request (a worker's import)."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return {"history_ip": None, "history_request": default[:255]}
    return {"history_ip": request.META.get("REMOTE_ADDR") or None,
            "history_request": f"{request.method} {request.path}"[:255]}


@receiver(pre_create_historical_record)
def _add_request_info(sender, history_instance, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None or not hasattr(history_instance, "history_request"):
        return
    for name, value in request_info().items():
        setattr(history_instance, name, value)


def changes_of(record):
    """What one history record changed against the previous one: [(field, old, new)]."""
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    return [(change.field, change.old, change.new) for change in delta.changes]

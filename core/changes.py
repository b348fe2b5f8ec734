"""The change feed: one ordered row per change of an audited record.

Every history record that django-simple-history writes also writes a Change,
with the paths of the organizations that owned the record at that moment, so
a reader's scope applies to the feed (deletions included) without reading the
per-model history tables. The id is the cursor integrators resume from.
"""
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.signals import post_create_historical_record

from .scoping import scope_organization_of, subtree_q, user_scope_paths

# Audited models that are nobody's business through the feed.
PRIVATE_APPS = {"auth", "accounts", "axes", "otp_totp", "otp_static"}


class Change(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("Tạo mới")
        UPDATED = "updated", _("Cập nhật")
        DELETED = "deleted", _("Xóa")

    HISTORY_ACTIONS = {"+": Action.CREATED, "~": Action.UPDATED, "-": Action.DELETED}

    model = models.CharField(_("loại bản ghi"), max_length=100)
    object_id = models.CharField(_("mã bản ghi"), max_length=64)
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    changed_at = models.DateTimeField(_("thời điểm"))
    # Reference data bound to no organization (topics, titles, settings): every reader sees it.
    is_global = models.BooleanField(default=False)

    class Meta:
        app_label = "core"
        ordering = ["id"]
        verbose_name = _("thay đổi")
        verbose_name_plural = _("thay đổi")


class ChangeScope(models.Model):
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="scopes")
    path = models.CharField(max_length=255, db_index=True)

    class Meta:
        app_label = "core"


def is_organization_bound(model):
    return bool(getattr(model, "SCOPE_FIELDS", None)) or hasattr(model, "SCOPE_FIELD")


def _change(instance, history_instance):
    return Change(
        model=type(instance)._meta.label_lower,
        object_id=str(instance.pk),
        action=Change.HISTORY_ACTIONS[history_instance.history_type],
        changed_at=history_instance.history_date,
        is_global=not is_organization_bound(type(instance)),
    )


def _scopes(change, instance):
    paths = {org.path for org in scope_organization_of(instance) if org is not None and org.path}
    return [ChangeScope(change=change, path=path) for path in sorted(paths)]


@receiver(post_create_historical_record)
def record_change(sender, instance, history_instance, **kwargs):
    if type(instance)._meta.app_label in PRIVATE_APPS:
        return
    change = _change(instance, history_instance)
    change.save()
    if not change.is_global:
        ChangeScope.objects.bulk_create(_scopes(change, instance))


def record_changes(instances, history_instances):
    """The change-feed rows of a batch written with bulk_history_create (which
    sends no signal): two inserts for the whole batch."""
    pairs = [(i, h) for i, h in zip(instances, history_instances, strict=True)
             if type(i)._meta.app_label not in PRIVATE_APPS]
    changes = Change.objects.bulk_create([_change(i, h) for i, h in pairs])
    ChangeScope.objects.bulk_create([scope for change, (instance, _history) in zip(changes, pairs, strict=True)
                                     if not change.is_global for scope in _scopes(change, instance)])


def readable_models(user):
    """Labels of the audited models the user may view (Django's view permission)."""
    if user.is_superuser:
        return None
    labels = set()
    for perm in user.get_all_permissions():
        app_label, _, codename = perm.partition(".")
        if codename.startswith("view_"):
            labels.add(f"{app_label}.{codename.removeprefix('view_')}")
    return labels


def changes_for(user):
    """The changes a user may read: their subtree's, and reference data they may view."""
    qs = Change.objects.all()
    labels = readable_models(user)
    if labels is not None:
        qs = qs.filter(model__in=labels)
    roots = user_scope_paths(user)
    if roots is None:
        return qs
    if not roots:
        return qs.filter(is_global=True)
    condition = Q()
    for root in roots:
        condition |= subtree_q(root)
    in_scope = ChangeScope.objects.filter(condition, change=OuterRef("pk"))
    return qs.filter(Q(is_global=True) | Exists(in_scope))



def detail_url_names():
    """{model label: URL name of its API detail route}, read off the URL
    configuration (core imports no app), computed once."""
    global _DETAIL_URL_NAMES
    if _DETAIL_URL_NAMES is None:
        from django.urls import get_resolver

        names = {}
        for name, model in _detail_routes(get_resolver().url_patterns):
            names.setdefault(model._meta.label_lower, name)
        _DETAIL_URL_NAMES = names
    return _DETAIL_URL_NAMES


_DETAIL_URL_NAMES = None


def _detail_routes(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _detail_routes(pattern.url_patterns)
            continue
        callback = getattr(pattern, "callback", None)
        actions = getattr(callback, "actions", None) or {}
        cls = getattr(callback, "cls", None)
        if actions.get("get") != "retrieve" or cls is None or not pattern.name:
            continue
        model = getattr(getattr(cls, "queryset", None), "model", None)
        if model is None:
            serializer = getattr(cls, "serializer_class", None)
            model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is not None:
            yield pattern.name, model

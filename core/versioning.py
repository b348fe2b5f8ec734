"""Optimistic concurrency: a record edited by people through several doors carries
a `version`. Saving the whole row is an UPDATE ... WHERE version = the version
the writer read, which also bumps it; when another save came first, nothing is
overwritten and the writer gets 409 "stale" with the record's current state.

A writer states the version it read as `version` in the body (or `If-Match`)
through VersionedSerializerMixin, or as the admin form's hidden `version`; a
writer that states none is still protected against a save that lands between
its read and its write. Saves of chosen fields (update_fields: the workflow's
status steps, which lock the row first) neither check nor bump the version."""
from django import forms
from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .errors import ApplicationError

STALE_MESSAGE = _("Bản ghi đã được người khác sửa sau khi bạn mở; hãy tải lại để xem bản mới rồi sửa lại.")


class StaleVersion(ApplicationError):
    def __init__(self, current):
        super().__init__(STALE_MESSAGE, code="stale", status=409,
                         fields={"version": [_g("Phiên bản hiện tại là %(version)s.") % {
                             "version": current.get("version")}]})
        self.current = current


def current_state(model, pk):
    row = model._base_manager.filter(pk=pk).first()
    if row is None:
        return None
    return {field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields
            if field.attname != "search_text"}


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        if update_fields is not None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        expected = getattr(self, "expected_version", None) or self.version
        values = [(field, model, expected + 1 if field.attname == "version" else value)
                  for field, model, value in values]
        updated = super()._do_update(base_qs.filter(version=expected), using, pk_val, values, update_fields,
                                     forced_update)
        if not updated:
            current = current_state(type(self), pk_val)
            if current is not None:
                raise StaleVersion(current)
            return False
        self.version, self.expected_version = expected + 1, None
        return True


def _if_match(request):
    value = request.headers.get("If-Match", "") if request is not None else ""
    value = value.strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() else None


class VersionedSerializerMixin(serializers.Serializer):
    """`version` in the answer; in an update, the version the client read (or If-Match: "N")."""

    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="Phiên bản đã đọc; bản cũ hơn bản hiện tại bị từ chối (409 stale).")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        claimed = attrs.pop("version", None) or _if_match(self.context.get("request"))
        if claimed is not None and self.instance is not None:
            self.instance.expected_version = claimed
        return attrs


class VersionedAdminFormMixin(forms.ModelForm):
    """The admin's change form carries the version it showed; a save over a newer one is refused."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("seen_version")
        if self.instance.pk and shown:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list(
                "version", flat=True).first()
            if current is not None and current != shown:
                raise forms.ValidationError(STALE_MESSAGE, code="stale")
            self.instance.expected_version = shown
        return cleaned

"""The admin door goes through the same scope as every other door."""
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .concern import drop_hidden_matches, hidden_names, redacted_record
from .downloads import download_name, download_url
from .inputs import NormalizedFormMixin
from .scoping import object_writable
from .versioning import VersionedAdminFormMixin, VersionedModel


class _DownloadLink:
    """What the file widget shows for a stored file: its name, linked to the download view."""

    def __init__(self, field_file, url):
        self.url = url
        self.name = download_name(field_file.instance, field_file)

    def __str__(self):
        return self.name


class DownloadFileWidget(AdminFileWidget):
    """The admin's file input, whose "currently" link goes through /files/ (MEDIA_ROOT is never served)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value) and getattr(value, "instance", None) is not None:
            try:
                context["widget"]["value"] = _DownloadLink(value, download_url(value.instance))
            except LookupError:
                context["widget"]["is_initial"] = False
        return context


class FileLinkMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs["widget"] = DownloadFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ScopedAdminMixin(FileLinkMixin):
    """Changelists, change pages and related-object choices are filtered by
    the user's scope; search uses the folded search text when the model has one."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_form(self, request, obj=None, **kwargs):
        """The admin's form, with its text cleaned to Unicode NFC like every other door, and
        the version it showed for a versioned record (core.versioning)."""
        if self._carries_version(request) and "form" not in kwargs:
            kwargs["form"] = type(self.form.__name__, (VersionedAdminFormMixin, self.form),
                                  {"__module__": self.form.__module__})
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (NormalizedFormMixin, form), {"__module__": form.__module__})

    def _carries_version(self, request):
        """A versioned record's change form carries the version it showed; a revert does not."""
        return issubclass(self.model, VersionedModel) and not getattr(request, "reverting", False)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self._carries_version(request) and obj is not None and "seen_version" not in fields:
            fields.append("seen_version")
        return fields

    def _limit(self, db_field, request, kwargs):
        related = db_field.remote_field.model
        if hasattr(related.objects, "for_user") and hasattr(related.objects.all(), "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._limit(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._limit(db_field, request, kwargs))

    def has_change_permission(self, request, obj=None):
        """The write rule (core.scoping): an object seen through only some of its
        owners is shown read-only, like the API's 403 `read_only_scope`."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or object_writable(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or object_writable(request.user, obj))

    def get_search_results(self, request, queryset, search_term):
        if search_term and hasattr(queryset, "search"):
            return queryset.search(search_term, user=request.user, cache=request), False
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        names = hidden_names(request.user, cache=request) if search_term else ()
        plain = [name for name in self.get_search_fields(request) if "__" not in name and name.isidentifier()]
        if names and plain:
            queryset = drop_hidden_matches(queryset, search_term, names, plain)
        return queryset, duplicates

    # Multi-unit records: the other units' names are hidden from a reader of one unit (core.concern).
    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        names = hidden_names(request.user, cache=request)
        if names:
            for obj in changelist.result_list:
                redacted_record(obj, names, load=False)
        return changelist

    def get_object(self, request, object_id, from_field=None):
        """A record the reader may not change is shown with the other units' names hidden
        (never saved: the page is read-only for them)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and not object_writable(request.user, obj):
            redacted_record(obj, hidden_names(request.user, cache=request))
        return obj


def has_workflow(model):
    """A model whose `status` moves through its services' transitions (inspections,
    conclusions, requirements, extensions, reports, planning entries, training...)."""
    return any(field.name == "status" for field in model._meta.concrete_fields)


def scoped_rows(queryset, user):
    """`queryset` cut to the user's scope when its model is organization-bound."""
    return queryset.for_user(user) if hasattr(queryset, "for_user") else queryset


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """History pages must not fall back to the history table for objects outside the scope.

    Reverting saves an old version over the current one without any service: it is
    disabled for models with a workflow (set `revertable = False` for others whose
    changes must go through a service), and for anyone who may not change the object.
    The button is hidden and a posted revert answers 403."""

    revertable = True

    def _require_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def revert_disabled(self, request, obj=None):
        if not self.revertable or has_workflow(self.model):
            return True
        if not self.has_change_permission(request, obj):
            return True
        return super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        current = self.get_queryset(request).get(pk=unquote(object_id))
        if request.method == "POST" and self.revert_disabled(request, current):
            raise PermissionDenied
        # A revert deliberately writes an old version over the current one (core.versioning).
        request.reverting = request.method == "POST"
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "reverting", False) and isinstance(obj, VersionedModel):
            obj.expected_version = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        super().save_model(request, obj, form, change)


class ScopedInline(FileLinkMixin, admin.TabularInline):
    """An inline table that shows only the rows inside the reader's scope: a joint
    inspection's page shows a Quận 3 reader Quận 3's findings and self-inspection
    reports, not those of the other targets. Rows that are not shown are not in the
    formset either, so saving the page leaves them untouched. Inlines of rows that
    belong to the parent alone (team members, a finding's attachments) are unchanged."""

    def get_queryset(self, request):
        return scoped_rows(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if hasattr(related.objects.all(), "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        """On a page the reader may not change, the rows show the reader's part only: their
        lists of organizations cut to the scope, their free text without the other units' names."""
        formset = super().get_formset(request, obj, **kwargs)
        if obj is None or object_writable(request.user, obj):
            return formset
        user = request.user
        names = hidden_names(user, cache=request)
        bound = [f for f in self.model._meta.many_to_many if hasattr(f.related_model.objects.all(), "for_user")]

        class ReadersFormSet(formset):
            def get_queryset(self):
                rows = super().get_queryset()
                for row in rows:  # fills the queryset's cache, which the forms read
                    redacted_record(row, names)
                    for field in bound:
                        visible = field.related_model.objects.for_user(user).values("pk")
                        row._prefetched_objects_cache = getattr(row, "_prefetched_objects_cache", {})
                        row._prefetched_objects_cache[field.name] = getattr(row, field.name).filter(pk__in=visible)
                return rows

        return ReadersFormSet

"""The admin door goes through the same scope as every other door."""
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .inputs import NormalizedFormMixin
from .scoping import object_writable


class ScopedAdminMixin:
    """Changelists, change pages and related-object choices are filtered by
    the user's scope; search uses the folded search text when the model has one."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_form(self, request, obj=None, **kwargs):
        """The admin's form, with its text cleaned to Unicode NFC like every other door."""
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (NormalizedFormMixin, form), {"__module__": form.__module__})

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
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """History pages must not fall back to the history table for objects outside the scope."""

    def _require_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class ScopedInline(admin.TabularInline):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if hasattr(related.objects.all(), "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

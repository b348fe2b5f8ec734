"""The one door of the HTML pages: scoped lists, details and service forms.

A list page names a selector (scope first, eager loading), a FilterSet (the
same one the API uses), the columns it shows and the ones it sorts by. The
door keeps the query string through sorting, pagination and export, exports
what is on screen (same filters, sort and columns) as XLSX or CSV, and shows a
filter that cannot be read next to its field (status 400), never a 500.

A form page calls a service; an ApplicationError from it is shown next to the
fields it names (the rest on top of the form), and the form keeps what was typed.
"""
import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from .concern import hidden_names, redact, redacted_record
from .errors import ApplicationError
from .formatting import table_date

PAGE_SIZE = 50
MAX_EXPORT_ROWS = 5000
EXPORT_FORMATS = ("xlsx", "csv")
# Query parameters that steer the page rather than filter the rows.
CONTROL_PARAMS = ("page", "sort", "export")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- values ---------------------------------------------------------------------------
def cell_text(value) -> str:
    """A value as people read it: dates dd/mm/yyyy, yes/no in words, choices by label."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return table_date(value)
    if hasattr(value, "all") and callable(value.all):
        return ", ".join(str(item) for item in value.all())
    return str(value)


def _resolve(obj, path: str):
    for part in path.split("."):
        if obj is None:
            return None
        display = getattr(obj, f"get_{part}_display", None)
        obj = display() if callable(display) else getattr(obj, part, None)
        if callable(obj) and not hasattr(obj, "all"):
            obj = obj()
    return obj


@dataclass(frozen=True)
class Column:
    """One column of a list: shown, exported, and sortable when `sort` names an ordering."""

    key: str
    label: Any
    value: Any = None  # an attribute path ("conclusion.document") or a callable(obj)
    sort: str | None = None  # the queryset ordering behind ?sort=<key> / ?sort=-<key>
    link: Any = None  # callable(obj) -> URL or None
    css: str = ""
    badge: Any = None  # callable(obj) -> (text, bootstrap colour) or None: a mark beside the value

    def raw(self, obj):
        source = self.value or self.key
        return source(obj) if callable(source) else _resolve(obj, source)

    def text(self, obj) -> str:
        return cell_text(self.raw(obj))


def query_without(params, *names) -> str:
    """The query string of `params` without the named keys (every value of a repeated key kept)."""
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# --- errors next to the fields -----------------------------------------------------------
def show_error(form, exc: ApplicationError):
    """Put a service's error on a bound form: each named field gets its messages,
    anything else (and the main message) goes on top of the form."""
    placed = False
    for field, errors in (exc.fields or {}).items():
        messages = errors if isinstance(errors, list | tuple) else [errors]
        texts = [m if isinstance(m, str) else str(m) for m in messages if not isinstance(m, dict)]
        if field in form.fields and texts:
            for text in texts:
                form.add_error(field, text)
            placed = True
    if not placed or exc.message not in sum((form.errors.get(f, []) for f in form.fields), []):
        form.add_error(None, exc.message)
    return form


class ServiceFormMixin:
    """A form view whose valid form goes to a service (`perform(form)`); a refused
    call re-renders the bound form (what was typed stays) with the reasons, status 400
    (or the error's own 4xx)."""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ApplicationError as exc:
            show_error(form, exc)
            response = self.form_invalid(form)
            response.status_code = exc.status if 400 <= exc.status < 500 else 400
            return response
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def style_fields(form):
    """Bootstrap classes on a form's widgets (selects, checkboxes, the rest), and the
    invalid mark on a field with errors, so that templates render `{{ field }}` as it is."""
    from django import forms

    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form


# --- lists ---------------------------------------------------------------------------
class ScopedListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """A scoped, filtered, sorted, paginated list that exports what it shows.

    Subclasses set `permission_required`, `filterset_class`, `columns`, and
    `selector` (a function taking user=, returning the scoped queryset with its
    eager loading) or override `base_queryset()`. `filter_fields` chooses the
    filters the form shows; others given in the query string still apply and are
    kept as hidden fields, so that a drill-down link stays what it says."""

    template_name = "components/list_page.html"
    paginate_by = PAGE_SIZE
    filterset_class = None
    selector = None
    columns: tuple = ()
    filter_fields: tuple | None = None
    default_sort: str | None = None
    # Sort fields replaced, on a list read `as_of` a past day, by the annotations of that day's state.
    as_of_sorts: dict = {}
    title = ""
    export_name = "danh-sach"
    empty_text = gettext_lazy("Không có dòng nào khớp bộ lọc.")

    def base_queryset(self):
        if self.selector is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a selector or base_queryset().")
        return type(self).selector(user=self.request.user)

    def as_of_day(self):
        """The past day the list is read as of (`?as_of=`, when its FilterSet takes it), else None:
        today, absent or unreadable (the FilterSet then says why)."""
        value = self.request.GET.get("as_of")
        as_of = (self.filterset_class.base_filters.get("as_of") if self.filterset_class else None)
        if not value or as_of is None:
            return None
        try:
            day = as_of.field.clean(value)
        except ValidationError:
            return None
        return day if day and day != timezone.localdate() else None

    def filter_ok(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    def sort_key(self):
        wanted = self.request.GET.get("sort") or self.default_sort or ""
        name = wanted.lstrip("-")
        for column in self.columns:
            if column.key == name and column.sort:
                field = self.as_of_sorts.get(column.sort, column.sort) if self.as_of_day() else column.sort
                return wanted, [("-" if wanted.startswith("-") else "") + field, "pk"]
        return "", None

    def get_queryset(self):
        data = self.request.GET.copy()
        for name in CONTROL_PARAMS:
            data.pop(name, None)
        self.filterset = self.filterset_class(data or None, queryset=self.base_queryset(), request=self.request)
        # A filter that cannot be read lists nothing (and says why) rather than everything.
        qs = self.filterset.qs if self.filter_ok() else self.filterset.queryset.none()
        self.sorted_by, ordering = self.sort_key()
        return qs.order_by(*ordering) if ordering else qs

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt:
            if fmt not in EXPORT_FORMATS:
                raise Http404
            return self.export(fmt)
        response = super().get(request, *args, **kwargs)
        if not self.filter_ok():
            response.status_code = 400
        return response

    # --- export
    def export_rows(self):
        queryset = self.get_queryset()
        rows = [[str(c.label) for c in self.columns]]
        rows += [[self.cell_text(c, obj) for c in self.columns] for obj in queryset[:MAX_EXPORT_ROWS]]
        return rows

    def export(self, fmt):
        rows = self.export_rows()
        if fmt == "csv":
            buffer = io.StringIO()
            buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM as UTF-8
            csv.writer(buffer).writerows(rows)
            response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        else:
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.title = str(self.title)[:31] or "Sheet1"
            for row in rows:
                sheet.append(row)
            buffer = io.BytesIO()
            book.save(buffer)
            response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}.{fmt}"'
        return response

    # --- context
    def header(self):
        """Column headers with their sort links (the other parameters kept)."""
        base = query_without(self.request.GET, "sort", "page")
        headers = []
        for column in self.columns:
            entry = {"label": column.label, "key": column.key, "css": column.css, "url": None, "state": ""}
            if column.sort:
                if self.sorted_by == column.key:
                    entry["state"], target = "ascending", f"-{column.key}"
                elif self.sorted_by == f"-{column.key}":
                    entry["state"], target = "descending", column.key
                else:
                    target = column.key
                entry["url"] = "?" + "&".join(p for p in (base, f"sort={target}") if p)
            headers.append(entry)
        return headers

    def cell_text(self, column, obj):
        """A cell as this reader may read it: other units' names hidden (core.concern)."""
        return redact(column.text(obj), hidden_names(self.request.user, cache=self.request))

    def rows(self, objects):
        return [{"object": obj, "cells": [
            {"text": self.cell_text(c, obj), "url": c.link(obj) if c.link else None, "css": c.css,
             "badge": c.badge(obj) if c.badge else None} for c in self.columns
        ]} for obj in objects]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        shown = self.filter_fields if self.filter_fields is not None else tuple(form.fields)
        style_fields(form)
        kept = {name for name in form.fields if name not in shown} | {"sort"}
        context.update({
            "title": self.title,
            "filter": self.filterset,
            "filter_form": form,
            "shown_filters": [form[name] for name in shown if name in form.fields],
            "hidden_filters": [(name, value) for name in sorted(kept)
                               for value in self.request.GET.getlist(name) if value],
            "query_string": query_without(self.request.GET, "page"),
            "export_query": query_without(self.request.GET, "page", "export"),
            "headers": self.header(),
            "rows": self.rows(context["object_list"]),
            "total": context["paginator"].count if context.get("paginator") else len(context["object_list"]),
            "empty_text": self.empty_text,
            "as_of_day": self.as_of_day(),
        })
        return context


# --- details ---------------------------------------------------------------------------
class ScopedDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """One row, looked up in the user's scoped queryset: anything outside is a 404."""

    selector = None

    def base_queryset(self):
        return type(self).selector(user=self.request.user)

    def get_object(self, queryset=None):
        """The row, shown with the other units' names hidden in its free text and in the
        records it cites (core.concern): a detail page only displays them."""
        obj = get_object_or_404(self.base_queryset(), pk=self.kwargs["pk"])
        return redacted_record(obj, hidden_names(self.request.user, cache=self.request), load=False)


def scoped_object(model_or_qs, user, pk) -> Model:
    """A row of the user's scope or a 404."""
    qs = model_or_qs.objects.for_user(user) if isinstance(model_or_qs, type) else model_or_qs
    return get_object_or_404(qs, pk=pk)

"""API pagination: numbered pages for people, keyset (cursor) pages for
integrators, and a count that is not recomputed on every page.

- `?page=N&page_size=M`: numbered pages. The total is counted once and kept in
  the cache for API_COUNT_CACHE_SECONDS when it is large (at least
  API_COUNT_CACHE_MIN_ROWS): a count of a big table is the costly part of a
  page, and a total a minute old is as good for a pager. Small totals are
  counted every time (cheap, and exact right after a write).
- `?cursor=` (empty for the first page), then the `next` link: pages in id
  order that start where the last one ended (`WHERE id > last ORDER BY id`),
  so the ten-thousandth page costs what the first does; no count at all
  (`count` is null). The cursor is opaque to clients.
"""
import base64
import binascii
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

COUNT_CACHE_SECONDS = 60
COUNT_CACHE_MIN_ROWS = 5000


def _count_key(queryset):
    # The rows' ids, unordered: the same WHERE and joins as the list's query, compiled without its
    # select_related columns and annotations (half the Python cost of a requirements page's key).
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except Exception:  # an empty result (EmptyResultSet) or an unusual query: count it, do not cache
        return None
    digest = hashlib.sha256(f"{queryset.model._meta.label}|{sql}|{params!r}".encode()).hexdigest()
    return f"api-count:{digest}"


class CachedCountPaginator(DjangoPaginator):
    """Django's paginator whose count of a large result is read from the cache."""

    @cached_property
    def count(self):
        seconds = getattr(settings, "API_COUNT_CACHE_SECONDS", COUNT_CACHE_SECONDS)
        key = _count_key(self.object_list) if seconds and hasattr(self.object_list, "query") else None
        if key:
            cached = cache.get(key)
            if cached is not None:
                return cached
        count = super().count
        if key and count >= getattr(settings, "API_COUNT_CACHE_MIN_ROWS", COUNT_CACHE_MIN_ROWS):
            cache.set(key, count, seconds)
        return count


def encode_cursor(pk):
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def decode_cursor(value):
    """The id a cursor continues after; None for the first page. Refuses anything else."""
    if value == "":
        return None
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        prefix, number = text.split(":", 1)
        if prefix != "id" or not number.isdigit() or len(number) > 18:
            raise ValueError(value)
        return int(number)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise exceptions.ValidationError(
            {"cursor": [_("Con trỏ trang không hợp lệ; hãy dùng liên kết “next” của trang trước.")]}) from None


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_param = "cursor"
    django_paginator_class = CachedCountPaginator

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = self.cursor_query_param in request.query_params
        if not self.keyset:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request)
        after = decode_cursor(request.query_params[self.cursor_query_param])
        rows = queryset.order_by("pk")
        if after is not None:
            rows = rows.filter(pk__gt=after)
        page = list(rows[: size + 1])
        self.has_next = len(page) > size
        page = page[:size]
        self.last_pk = page[-1].pk if page else None
        return page

    def get_next_link(self):
        if not self.keyset:
            return super().get_next_link()
        if not self.has_next:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, encode_cursor(self.last_pk))

    def get_paginated_response(self, data):
        if not self.keyset:
            return super().get_paginated_response(data)
        return Response({"count": None, "next": self.get_next_link(), "previous": None, "results": data})

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["nullable"] = True
        response["properties"]["count"]["description"] = "Null on cursor pages."
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:  # the cap, said where clients read it
                parameter["description"] = (f"Rows per page (default {self.page_size}, at most {self.max_page_size}; "
                                            f"a larger value gives {self.max_page_size}).")
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return [*parameters, {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "Keyset pagination: empty for the first page, then the value in the `next` link. "
                           "Pages in id order; no count.",
            "schema": {"type": "string"},
        }]

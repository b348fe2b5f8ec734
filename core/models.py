"""Abstract building blocks shared by the domain apps."""
from django.db import models

from .concern import drop_hidden_matches, hidden_names
from .inputs import NormalizedTextMixin
from .scoping import ScopedQuerySet
from .text import fold


class SearchQuerySet(models.QuerySet):
    def search(self, query, user=None, cache=None):
        """Every word of the query must occur in the folded search text. Given
        the reader, a row is not found through a name hidden from them (core.concern)."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        names = hidden_names(user, cache) if user is not None else ()
        return drop_hidden_matches(qs, query, names, self.model.SEARCH_FIELDS) if names else qs


class ScopedSearchQuerySet(ScopedQuerySet, SearchQuerySet):
    pass


class SearchableModel(NormalizedTextMixin, models.Model):
    """Keeps a diacritics-free, lower-case copy of the fields in SEARCH_FIELDS,
    so that search behaves the same on SQLite and PostgreSQL. Its text fields
    are validated in Unicode NFC (codes in NFC and NFD are one code)."""

    SEARCH_FIELDS: tuple = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self):
        return fold(" ".join(str(getattr(self, name) or "") for name in self.SEARCH_FIELDS))
from .changes import Change, ChangeScope  # noqa: E402,F401  (the change feed's tables)
from .idempotency import IdempotencyKey  # noqa: E402,F401

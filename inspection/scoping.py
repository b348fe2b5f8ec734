"""Scoping for records that belong to several organizations at once.

core.scoping follows one path to an Organization. A program belongs to its
authority and to every organization its items target; a remediation
requirement to the inspected organization and to the (possibly subordinate)
organization responsible for it. Such models declare SCOPE_FIELDS, every path
that grants visibility, and use this queryset; SCOPE_FIELD stays the main path
so core.scoping.object_in_scope keeps working for them."""
from django.db.models import Q

from core.models import SearchQuerySet
from core.scoping import ScopedQuerySet, subtree_q, user_scope_paths


class AnyPathScopedQuerySet(ScopedQuerySet):
    def _condition(self, paths):
        condition = Q()
        for field in self.model.SCOPE_FIELDS:
            for path in paths:
                condition |= subtree_q(path, f"{field}__")
        return condition

    def _matching(self, paths):
        # The paths cross many-valued relations: filter through a subquery so rows are not duplicated.
        return self.filter(pk__in=self.model._base_manager.filter(self._condition(paths)).values("pk"))

    def for_user(self, user):
        roots = user_scope_paths(user)
        if roots is None:
            return self.all()
        if not roots:
            return self.none()
        return self._matching(roots)

    def within(self, organization):
        return self._matching([organization.path])


class AnyPathScopedSearchQuerySet(AnyPathScopedQuerySet, SearchQuerySet):
    pass


def in_user_scope(user, organization):
    """Is this organization inside one of the user's subtrees?"""
    roots = user_scope_paths(user)
    if roots is None:
        return True
    return organization is not None and any(organization.path.startswith(root) for root in roots)

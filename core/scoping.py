"""The one scoping mechanism.

Organizations carry a materialized path made of fixed-width numeric steps, one
per ancestor. A subtree is the range [path, next_sibling_path): one indexed
range query at any depth, on SQLite and PostgreSQL alike (digits compare the
same under any collation).

Every organization-bound model uses a ScopedQuerySet and declares SCOPE_FIELD,
the lookup that leads to its Organization ("" for Organization itself).
Setting SCOPE_MULTI = True says the lookup crosses a many-valued relation.
"""
from django.db import models
from django.db.models import Q

STEP = 8


def path_step(pk):
    return f"{pk:0{STEP}d}"


def path_upper(path):
    """The first path after the whole subtree of `path`."""
    return path[:-STEP] + path_step(int(path[-STEP:]) + 1)


def subtree_q(path, prefix=""):
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path_upper(path)})


def user_scope_paths(user):
    """Paths of the roots a user answers for; None means the whole tree."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return user.scope_paths()


def path_in_scope(user, path):
    roots = user_scope_paths(user)
    if roots is None:
        return True
    return any(path.startswith(root) for root in roots)


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        roots = user_scope_paths(user)
        if roots is None:
            return self.all()
        if not roots:
            return self.none()
        field = getattr(self.model, "SCOPE_FIELD", "organization")
        prefix = f"{field}__" if field else ""
        condition = Q()
        for root in roots:
            condition |= subtree_q(root, prefix)
        if getattr(self.model, "SCOPE_MULTI", False):
            return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)

    def within(self, organization):
        """Rows bound to `organization` or anything below it."""
        field = getattr(self.model, "SCOPE_FIELD", "organization")
        prefix = f"{field}__" if field else ""
        condition = subtree_q(organization.path, prefix)
        if getattr(self.model, "SCOPE_MULTI", False):
            return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)


def scope_organization_of(obj):
    """Follow SCOPE_FIELD from a model instance to its Organization(s)."""
    field = getattr(type(obj), "SCOPE_FIELD", "organization")
    if not field:
        return [obj]
    targets = [obj]
    for part in field.split("__"):
        nxt = []
        for target in targets:
            value = getattr(target, part)
            if hasattr(value, "all"):
                nxt.extend(value.all())
            elif value is not None:
                nxt.append(value)
        targets = nxt
    return targets


def object_in_scope(user, obj):
    roots = user_scope_paths(user)
    if roots is None:
        return True
    return any(path_in_scope(user, org.path) for org in scope_organization_of(obj))

"""The one scoping mechanism.

Organizations carry a materialized path made of fixed-width numeric steps, one
per ancestor. A subtree is the range [path, next_sibling_path): one indexed
range query at any depth, on SQLite and PostgreSQL alike (digits compare the
same under any collation).

Every organization-bound model uses a ScopedQuerySet and declares SCOPE_FIELD,
the lookup that leads to its Organization ("" for Organization itself).
Setting SCOPE_MULTI = True says the lookup crosses a many-valued relation.
A record that belongs to several organizations at once (a requirement: the
inspected organization and the one responsible for it) declares SCOPE_FIELDS,
every lookup that grants visibility; SCOPE_FIELD stays its main one.

The write rule, for every door (services, API, pages, admin): a user may change
an object only when EVERY organization that owns it lies inside their scope.
Each organization-bound model declares WRITE_SCOPE_FIELDS, the lookups to its
owners (a document's issuer, a program's authority, all targets of a joint
inspection or notice). An object seen through one owner only is read-only
(object_writable False, object_in_scope True); an object with no owner at all
(a document without an issuer) belongs to the whole tree: writable by users
who answer for every root. A lower level's own part of a joint
record (its self-inspection report, its progress report) is a separate object
with its own owner.
"""
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q

STEP = 8


def organization_model():
    """The model that carries the paths (settings.SCOPE_ORGANIZATION_MODEL),
    looked up in the app registry: core imports no app."""
    return apps.get_model(getattr(settings, "SCOPE_ORGANIZATION_MODEL", "organizations.Organization"))


def path_step(pk):
    return f"{pk:0{STEP}d}"


def path_upper(path):
    """The first path after the whole subtree of `path`."""
    return path[:-STEP] + path_step(int(path[-STEP:]) + 1)


def path_depth(path):
    """1 for a root, 2 for its children..."""
    return len(path) // STEP


def ancestor_paths(path, *, include_self=True):
    """The paths of `path`'s ancestors, the root's first, then `path` itself
    unless include_self is False."""
    end = len(path) + STEP if include_self else len(path)
    return [path[:stop] for stop in range(STEP, end, STEP)]


def ancestor_path_at(path, depth):
    """The path of `path`'s ancestor-or-self at `depth` (1 = the root), or None
    when `path` lies above that depth."""
    stop = depth * STEP
    return path[:stop] if len(path) >= stop else None


def common_ancestor(paths):
    """The deepest path that every one of `paths` is at or below; "" when they
    lie in separate trees (or there are none)."""
    paths = list(paths)
    if not paths:
        return ""
    common = paths[0]
    for path in paths[1:]:
        size = 0
        while size < min(len(common), len(path)) and common[size:size + STEP] == path[size:size + STEP]:
            size += STEP
        common = common[:size]
    return common


def outermost_paths(paths):
    """The distinct paths that are not below another one of `paths`, in tree order."""
    kept = []
    for path in sorted(set(paths)):
        if not any(path.startswith(other) for other in kept):
            kept.append(path)
    return kept


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


def scope_fields(model):
    """The lookups that lead from `model` to an Organization, and whether they
    may match several rows (then a subquery keeps rows from repeating)."""
    fields = getattr(model, "SCOPE_FIELDS", None)
    if fields:
        return tuple(fields), True
    return (getattr(model, "SCOPE_FIELD", "organization"),), getattr(model, "SCOPE_MULTI", False)


def _many_valued(model, lookup):
    """Whether `lookup` (e.g. "targets__organization") crosses a to-many relation."""
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


class _AmongIds(models.Func):
    """`column IN (ids)`; on PostgreSQL `column = ANY(ARRAY(ids))`, an index condition: OR-ed
    columns become one BitmapOr over their indexes instead of a test of every row against a
    hashed subquery (a district's overdue requirements: 24 → 9 ms, bench/results/asof3-city.md)."""

    template = "%(expressions)s"
    arg_joiner = " IN "
    output_field = models.BooleanField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="%(expressions)s)", arg_joiner=" = ANY(ARRAY",
                           **extra_context)


class ScopedQuerySet(models.QuerySet):
    def _in_subtrees(self, paths, indexed=False):
        fields, multi = scope_fields(self.model)
        if not multi:
            prefix = f"{fields[0]}__" if fields[0] else ""
            condition = Q()
            for path in paths:
                condition |= subtree_q(path, prefix)
            return self.filter(condition)
        # Several lookups (or a to-many one): each compares its key with the ids of the
        # subtrees' organizations, one indexed range on the paths, instead of an OR
        # across joins that the planner can only answer by joining every row.
        subtrees = Q()
        for path in paths:
            subtrees |= subtree_q(path)
        organizations = organization_model()._base_manager.filter(subtrees).values("pk")
        condition = Q()
        for field in fields:
            if _many_valued(self.model, field):
                rows = self.model._base_manager.filter(**{f"{field}__in": organizations})
                condition |= Q(pk__in=rows.values("pk"))
            elif indexed:
                condition |= Q(_AmongIds(models.F(field), models.Subquery(organizations)))
            else:
                condition |= Q(**{f"{field}__in": organizations})
        return self.filter(condition)

    def for_user(self, user):
        roots = user_scope_paths(user)
        if roots is None:
            return self.all()
        if not roots:
            return self.none()
        return self._in_subtrees(roots)

    def within(self, organization):
        """Rows bound to `organization` or anything below it. A subtree asked for is mostly small:
        its rows are found through the keys' indexes (the reader's scope, mostly large, is
        tested row by row: for_user)."""
        return self._in_subtrees([organization.path], indexed=True)


def write_scope_fields(model):
    """The lookups from `model` to the organizations that own it (WRITE_SCOPE_FIELDS)."""
    fields = getattr(model, "WRITE_SCOPE_FIELDS", None)
    if fields is None:
        return scope_fields(model)[0]
    return tuple(fields)


def scope_organization_of(obj, fields=None):
    """Follow the scope lookups (or `fields`) from a model instance to its Organization(s)."""
    organizations = []
    for field in scope_fields(type(obj))[0] if fields is None else fields:
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
        organizations.extend(targets)
    return organizations


def object_in_scope(user, obj):
    roots = user_scope_paths(user)
    if roots is None:
        return True
    return any(path_in_scope(user, org.path) for org in scope_organization_of(obj))


def owners_of(obj):
    """The organizations that own `obj` (its WRITE_SCOPE_FIELDS followed)."""
    return scope_organization_of(obj, write_scope_fields(type(obj)))


def object_writable(user, obj):
    """The write rule: every owner of `obj` is inside the user's scope."""
    roots = user_scope_paths(user)
    if roots is None:
        return True
    owners = owners_of(obj) or list(organization_model().objects.filter(path__regex=rf"^\d{{{STEP}}}$"))
    return bool(owners) and all(any(org.path.startswith(root) for root in roots) for org in owners)

"""Multi-unit records seen from one unit: the other units' names are hidden (issue #15).

A joint inspection, its notice, a city program's item concern several
organizations at once. A reader who sees such a record through one of them
(its own part) reads the parts of its subtree only: nested lists are cut by
core.nested; what is left are names written in free text (a notice's subject,
an inspection's title, a conclusion's summary). The one rule for every door
(pages, admin, API, downloads, search):

- the *hidden names* of a reader are the names of the organizations concerned
  together with the reader's units (co-targets of the inspections and program
  items the reader sees) that lie outside the reader's scope; an app registers
  how to find them (`register`);
- `redact(text, names)` writes «[đơn vị ngoài phạm vi]» in their place;
- a search never matches a record through a hidden name (`drop_hidden_matches`),
  or the list would tell what the page hides.

A reader whose scope is the whole tree hides nothing; a name also borne by an
organization of the reader's own scope is not hidden (it would hide their own).
The names are computed once per request (one query) and kept in `cache`."""
import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoping import organization_model, subtree_q, user_scope_paths
from .text import fold

PLACEHOLDER = _("[đơn vị ngoài phạm vi]")
CACHE_KEY = "_hidden_names"
EVERYTHING_KEY = "_sees_everything"
_providers = []


def register(provider):
    """`provider(user)` → a queryset of organization pks concerned together with the user's scope."""
    _providers.append(provider)
    return provider


# "Đảng ủy xã Tân Thông Hội" is written "Tân Thông Hội" too: the part after the kind of committee.
_KIND_PREFIX = re.compile(r"^(đảng ủy|đảng bộ|chi bộ|huyện ủy|quận ủy|thành ủy|thị ủy)"
                          r"( (xã|phường|thị trấn|khối|cơ sở|bộ phận))?\s+", re.IGNORECASE)


def name_variants(name, short_name=""):
    """The ways a text names an organization: its name, its short name, and the
    part of its name after the kind of committee when that part is distinctive
    (two words or more, not a bare number)."""
    variants = {name.strip()} | ({short_name.strip()} if short_name and short_name.strip() else set())
    rest = _KIND_PREFIX.sub("", name.strip())
    if rest != name.strip() and len(rest.split()) >= 2:
        variants.add(rest)
    return variants


def _store(cache):
    return cache if isinstance(cache, dict) else cache.__dict__


def sees_everything(user, roots, cache=None):
    """Whether the subtrees of `roots` (a reader's) hold every organization: such a reader hides
    no name and cuts no nested list. One query, kept in `cache` (a dict or an object) once per answer."""
    store = _store(cache) if cache is not None else {}
    if EVERYTHING_KEY not in store:
        inside = Q()
        for root in roots or ():
            inside |= subtree_q(root)
        store[EVERYTHING_KEY] = bool(roots) and not organization_model()._base_manager.exclude(inside).exists()
    return store[EVERYTHING_KEY]


def _compute(user, cache=None):
    roots = user_scope_paths(user)
    if roots is None or not roots or not _providers:
        return ()
    if cache is not None and _store(cache).get(EVERYTHING_KEY):
        # Known already (core.nested asked): every concerned name is the reader's own, none to read.
        # Not asked here: for a reader of part of the tree it would be one more statement.
        return ()
    Organization = organization_model()
    concerned = Organization._base_manager.none()
    for provider in _providers:
        concerned = concerned | Organization._base_manager.filter(pk__in=provider(user))
    rows = concerned.values_list("name", "short_name", "path").distinct()
    own, other = set(), set()
    for name, short_name, path in rows:
        (own if any(path.startswith(root) for root in roots) else other).update(name_variants(name, short_name))
    return tuple(sorted(other - own, key=len, reverse=True))


def hidden_names(user, cache=None):
    """The names `user` must not read in free text (longest first)."""
    if cache is not None:
        store = _store(cache)
        if CACHE_KEY not in store:
            store[CACHE_KEY] = _compute(user, store)
        return store[CACHE_KEY]
    return _compute(user)


def _pattern(names):
    return re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)


def redact(text, names):
    """`text` with every one of `names` replaced by the placeholder."""
    if not text or not names:
        return text
    return _pattern(names).sub(str(PLACEHOLDER), str(text))


def redacted_object(obj, fields, names):
    """`obj` with its `fields` redacted in place (for read-only display only; never saved)."""
    if names:
        for name in fields:
            setattr(obj, name, redact(getattr(obj, name), names))
    return obj


def redacted_record(obj, names, load=True, depth=2):
    """`obj` with its model's REDACTED_FIELDS redacted in place, and those of the
    records it points to, `depth` steps away (a requirement's notice, the notice's
    inspection shown by its title; only those already loaded unless `load`). Display only."""
    if not names or obj is None:
        return obj
    redacted_object(obj, getattr(type(obj), "REDACTED_FIELDS", ()), names)
    if depth > 0:
        for field in obj._meta.concrete_fields:
            wanted = field.many_to_one and field.related_model is not type(obj) and (load or field.is_cached(obj))
            if wanted and _mentions(field.related_model, depth - 1):
                redacted_record(getattr(obj, field.name, None), names, load=load, depth=depth - 1)
    return obj


def _mentions(model, depth):
    """Whether `model` or what it points to within `depth` steps has fields to redact."""
    if getattr(model, "REDACTED_FIELDS", None):
        return True
    return depth > 0 and any(_mentions(f.related_model, depth - 1) for f in model._meta.concrete_fields
                             if f.many_to_one and f.related_model is not model)


def drop_hidden_matches(queryset, query, names, fields):
    """The rows of `queryset` (already matched by `query`) that still match once
    `names` are hidden in their `fields`: a search for another unit's name finds
    nothing through that name. One more query, only when a word of the query
    occurs in a hidden name."""
    words = fold(query).split()
    folded = [fold(name) for name in names]
    if not words or not any(word in name for word in words for name in folded):
        return queryset
    keep = []
    for row in queryset:
        text = fold(redact(" ".join(str(getattr(row, field, "") or "") for field in fields), names))
        if all(word in text for word in words):
            keep.append(row.pk)
    return queryset.filter(pk__in=keep)

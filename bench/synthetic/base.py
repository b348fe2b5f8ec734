"""What every part of the generator shares: the scale, one seeded random
generator, the day the data describes, and bulk writes that report counts."""
import datetime
import functools
import random
import time
from dataclasses import dataclass

from django.db import connections, models, router
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor  # sets the value as it is, like a plain field
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone

from .pgcopy import assign_ids, copy_insert

BATCH = 5000


@dataclass(frozen=True)
class Scale:
    """Sizes per city tree. `provinces` trees are built side by side (nation = 60 cities)."""

    provinces: int
    upper: int  # district-level committees per city
    grassroots: int  # grassroots committees per district
    cells: int  # cells per grassroots committee
    years: int  # years of ratings, admissions, programs and inspections, ending this year
    meeting_years: int  # years of cell meetings (12 a year per cell), ending this year
    cadres_per_upper: int
    cadres_per_grassroots: int
    inspections_per_year: int
    targets_per_inspection: int
    findings_per_inspection: int
    requirements_per_inspection: float
    program_items: int  # items of each year's program
    reform_pairs: int  # pairs of grassroots committees merged on REFORM_DATE


SCALES = {
    "small": Scale(provinces=1, upper=3, grassroots=4, cells=3, years=2, meeting_years=1, cadres_per_upper=8,
                   cadres_per_grassroots=4, inspections_per_year=6, targets_per_inspection=2,
                   findings_per_inspection=8, requirements_per_inspection=5, program_items=4, reform_pairs=1),
    # The city: 12,661 organizations, ~30,000 cadres, 130,000 cell meetings a year,
    # 400 inspections a year with 8,000 findings and 5,000 requirements.
    "city": Scale(provinces=1, upper=60, grassroots=35, cells=5, years=5, meeting_years=2, cadres_per_upper=45,
                  cadres_per_grassroots=13, inspections_per_year=400, targets_per_inspection=3,
                  findings_per_inspection=20, requirements_per_inspection=12.5, program_items=40, reform_pairs=30),
}
SCALES["nation"] = Scale(**{**SCALES["city"].__dict__, "provinces": 60})

REFORM_DATE = datetime.date(2025, 7, 1)
FIRST_DAY = datetime.date(1975, 5, 1)


class Context:
    """One generation run: seeded, dated, counting what it writes."""

    def __init__(self, scale: Scale, seed: int, today=None, log=None):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.years = list(range(self.today.year - scale.years + 1, self.today.year + 1))
        self.counts = {}
        self.log = log or (lambda text: None)
        self.started = time.perf_counter()
        self._moments = {}

    def bulk(self, model, objects, derived=True):
        """Inserts `objects` and gives them their ids; derived (unless the caller did it)
        and search columns filled as save() would. COPY on PostgreSQL (pgcopy),
        bulk_create in batches elsewhere."""
        objects = list(objects)
        if derived and hasattr(model, "compute_derived"):
            for obj in objects:
                obj.compute_derived()
        if hasattr(model, "build_search_text"):
            for obj in objects:
                obj.search_text = obj.build_search_text()
        return self._insert(model, objects)

    def reserve_ids(self, model, objects):
        """On PostgreSQL, gives `objects` now the ids that bulk() would give them, and
        returns True; elsewhere (bulk_create assigns them on insert) returns False."""
        db = connections[router.db_for_write(model)]
        if db.vendor != "postgresql":
            return False
        assign_ids(db, model, objects)
        return True

    def bulk_through(self, through, rows):
        self._insert(through, rows)

    def _insert(self, model, objects):
        db = connections[router.db_for_write(model)]
        if db.vendor == "postgresql":
            created = copy_insert(db, model, objects)
        else:
            created = model.objects.bulk_create(objects, batch_size=BATCH)
        name = model._meta.label
        self.counts[name] = self.counts.get(name, 0) + len(created)
        return created

    def say(self, text):
        self.log(f"[{time.perf_counter() - self.started:7.1f} s] {text}")

    def aware(self, day, hour=9):
        """A datetime on `day` at `hour`, local time, never after now. Cached:
        a city asks for a few thousand distinct moments 200,000 times."""
        key = (day, hour)
        moment = self._moments.get(key)
        if moment is None:
            moment = min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), self.now)
            self._moments[key] = moment
        return moment


@functools.cache
def _layout(model):
    """([(name, attname, target attname of a foreign key or None, default, default is callable)],
    the names make() accepts), or None when a field or an init signal needs Model.__init__ itself."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return None
    fields = []
    for field in model._meta.concrete_fields:
        if type(field) is models.ForeignKey:
            target = field.target_field.attname
        elif field.is_relation or field.descriptor_class not in (DeferredAttribute, FileDescriptor):
            return None
        else:
            target = None
        dynamic = field.has_default() and callable(field.default)
        fields.append((field.name, field.attname, target, None if dynamic else field.get_default(),
                       field.get_default if dynamic else None))
    return fields, frozenset(name for f in fields for name in f[:2])


def make(model, **values):
    """model(**values) for the generator's biggest tables without Model.__init__'s
    general path: the same attributes, defaults and related-object cache, for
    models of plain fields and foreign keys (others go through model(**values))."""
    layout = _layout(model)
    if layout is None or not layout[1].issuperset(values):
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    attrs, cache = obj.__dict__, obj._state.fields_cache
    for name, attname, target, default, dynamic in layout[0]:
        if name in values:
            value = values[name]
            if target is not None:  # a foreign key given as an object, as its descriptor does
                cache[name] = value
                if value is not None:
                    if obj._state.db is None:
                        obj._state.db = router.db_for_write(model, instance=value)
                    if value._state.db is None:
                        value._state.db = router.db_for_write(type(value), instance=obj)
                    value = getattr(value, target)
            attrs[attname] = value
        elif attname in values:
            attrs[attname] = values[attname]
        else:
            attrs[attname] = dynamic() if dynamic else default
    return obj


def days(n):
    return datetime.timedelta(days=n)

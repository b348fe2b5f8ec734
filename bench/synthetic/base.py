"""What every part of the generator shares: the scale, one seeded random
generator, the day the data describes, and bulk writes that report counts."""
import datetime
import random
import time
from dataclasses import dataclass

from django.utils import timezone

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

    def bulk(self, model, objects, **kwargs):
        """bulk_create in batches; derived and search columns filled as save() would."""
        objects = list(objects)
        for obj in objects:
            if hasattr(obj, "compute_derived"):
                obj.compute_derived()
            if hasattr(obj, "build_search_text"):
                obj.search_text = obj.build_search_text()
        created = model.objects.bulk_create(objects, batch_size=BATCH, **kwargs)
        name = model._meta.label
        self.counts[name] = self.counts.get(name, 0) + len(created)
        return created

    def bulk_through(self, through, rows):
        created = through.objects.bulk_create(rows, batch_size=BATCH)
        name = f"{through._meta.label}"
        self.counts[name] = self.counts.get(name, 0) + len(created)

    def say(self, text):
        self.log(f"[{time.perf_counter() - self.started:7.1f} s] {text}")

    def aware(self, day, hour=9):
        """A datetime on `day` at `hour`, local time, never after now."""
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        return min(moment, self.now)


def days(n):
    return datetime.timedelta(days=n)

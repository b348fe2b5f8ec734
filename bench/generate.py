"""Synthetic data at the scale of a large city: one city committee, ~60
upper-level committees, ~2,000 grassroots organizations, ~9,000 cells.
Built level by level with bulk writes (paths need the primary keys)."""
import random

from core.scoping import STEP, path_step
from core.text import fold
from organizations.choices import KIND_LEVEL
from organizations.choices import OrganizationKind as K
from organizations.models import Organization


def _bulk_level(parents, per_parent, kind, name):
    objs = []
    for parent in parents:
        for i in range(per_parent):
            label = f"{name} {i + 1} – {parent.short_name or parent.name}"
            objs.append(Organization(
                name=label, short_name=f"{name} {i + 1}", code=f"bench-{parent.pk}-{kind[:4]}-{i}",
                kind=kind, level=KIND_LEVEL[kind], parent=parent, search_text=fold(label),
            ))
    created = Organization.objects.bulk_create(objs, batch_size=2000)
    if created and created[0].pk is None:  # a backend that returns no ids
        created = list(Organization.objects.filter(code__in=[o.code for o in objs]).select_related("parent"))
    for obj in created:
        obj.path = obj.parent.path + path_step(obj.pk)
        obj.depth = len(obj.path) // STEP
    Organization.objects.bulk_update(created, ["path", "depth"], batch_size=2000)
    return created


def generate(upper=60, grassroots_per_upper=35, cells_per_grassroots=5, seed=7):
    random.seed(seed)
    if Organization.objects.filter(code="bench-city").exists():
        return Organization.objects.get(code="bench-city")
    city = Organization(name="Thành ủy Thử nghiệm", short_name="TU thử", code="bench-city", kind=K.CITY_COMMITTEE)
    city.save()
    uppers = _bulk_level([city], upper, K.URBAN_DISTRICT, "Quận ủy")
    grassroots = _bulk_level(uppers, grassroots_per_upper, K.GRASSROOTS_COMMITTEE, "Đảng ủy phường")
    _bulk_level(grassroots, cells_per_grassroots, K.SUBORDINATE_CELL, "Chi bộ khu phố")
    return city

"""The organization tree of each city: city committee, its organization board,
districts, grassroots committees and cells, built level by level with bulk
writes (a path needs its primary key). On REFORM_DATE pairs of grassroots
committees merge into a new one: the old ones (and their cells) close the day
before and keep their records, the new one opens with cells of its own."""
import datetime

from core.scoping import STEP, path_step
from organizations.choices import KIND_LEVEL, GrassrootsType, SuccessionKind
from organizations.choices import OrganizationKind as K
from organizations.models import Organization, OrganizationSuccession, Term

from .base import FIRST_DAY, REFORM_DATE, days

TERMS = [
    ("2015–2020", 2015, 2020, (2015, 10, 1), (2020, 10, 17)),
    ("2020–2025", 2020, 2025, (2020, 10, 18), (2025, 10, 15)),
    ("2025–2030", 2025, 2030, (2025, 10, 16), (2030, 10, 31)),
]
ISSUER = {K.CITY_COMMITTEE: "TU", K.ADVISORY_BOARD: "BTCTU", K.URBAN_DISTRICT: "QU", K.RURAL_DISTRICT: "HU",
          K.GRASSROOTS_COMMITTEE: "ĐU", K.SUBORDINATE_CELL: "CB"}
PLACES = ["An Khánh", "Bến Thành", "Cầu Kho", "Đa Kao", "Tân Định", "Võ Thị Sáu", "Nhiêu Lộc", "Bàn Cờ",
          "Xuân Hòa", "Chợ Quán", "Phú Thuận", "Tân Hưng", "Bình Thới", "Hòa Bình", "Phú Lâm", "Tân Thông Hội",
          "Phước Vĩnh An", "Nhuận Đức", "Thạnh Lộc", "Linh Xuân", "Hiệp Bình", "Tăng Nhơn Phú", "Long Trường"]


def ensure_terms():
    for name, start, end, starts, ends in TERMS:
        Term.objects.get_or_create(name=name, defaults={
            "start_year": start, "end_year": end, "starts_on": datetime.date(*starts),
            "ends_on": datetime.date(*ends)})
    return list(Term.objects.order_by("start_year"))


def _org(ctx, *, code, name, short, kind, parent, valid_from=FIRST_DAY, valid_to=None, gtype=""):
    return Organization(
        code=code, name=name, short_name=short, kind=kind, level=KIND_LEVEL[kind], parent=parent,
        valid_from=valid_from, valid_to=valid_to, issuer_code=ISSUER[kind], grassroots_type=gtype,
        has_government=kind != K.SUBORDINATE_CELL,
    )


def _set_paths(objects):
    for obj in objects:
        obj.path = obj.parent.path + path_step(obj.pk) if obj.parent_id else path_step(obj.pk)
        obj.depth = len(obj.path) // STEP


def _with_paths(ctx, objects):
    """Save a level whose parents have paths, with its own. Where the ids can be had
    before the insert (PostgreSQL) the paths go in with the rows; elsewhere they are
    written afterwards (bulk_update's CASE over 5,000 rows costs seconds a batch)."""
    if ctx.reserve_ids(Organization, objects):
        _set_paths(objects)
        return ctx.bulk(Organization, objects)
    created = ctx.bulk(Organization, objects)
    if created and created[0].pk is None:  # a backend that returns no ids
        by_code = Organization.objects.in_bulk([o.code for o in objects], field_name="code")
        created = [by_code[o.code] for o in objects]
    _set_paths(created)
    Organization.objects.bulk_update(created, ["path", "depth"], batch_size=5000)
    return created


def _cells(ctx, grassroots, count, valid_from=FIRST_DAY, valid_to=None):
    return [
        _org(ctx, code=f"{g.code}-c{i + 1}", name=f"Chi bộ Khu phố {i + 1} – {g.short_name}",
             short=f"Chi bộ KP {i + 1}", kind=K.SUBORDINATE_CELL, parent=g,
             valid_from=max(valid_from, g.valid_from), valid_to=valid_to or g.valid_to)
        for g in grassroots for i in range(count)
    ]


def _district(ctx, prefix, i, city):
    """Every fourth district is rural (Huyện ủy), the others urban (Quận ủy)."""
    if i % 4 == 3:
        return _org(ctx, code=f"{prefix}-q{i + 1}", name=f"Huyện ủy Huyện {i + 1}", short=f"Huyện {i + 1}",
                    kind=K.RURAL_DISTRICT, parent=city)
    return _org(ctx, code=f"{prefix}-q{i + 1}", name=f"Quận ủy Quận {i + 1}", short=f"Quận {i + 1}",
                kind=K.URBAN_DISTRICT, parent=city)


class CityTree:
    """The organizations of one city, by level, with what later steps need."""

    def __init__(self, city, board, uppers, grassroots, cells, merged):
        self.city, self.board = city, board
        self.uppers, self.grassroots, self.cells = uppers, grassroots, cells
        self.merged = merged  # [(predecessor, predecessor, successor)]
        self._upper_ids = {u.pk for u in uppers}

    def is_upper(self, org):
        """A set lookup: `org in self.uppers` compares model instances one by one."""
        return org.pk in self._upper_ids

    def grassroots_active_on(self, day):
        return [g for g in self.grassroots if g.is_active_on(day)]


def build_city(ctx, number):
    scale, prefix = ctx.scale, f"s{number}"
    city = _with_paths(ctx, [_org(ctx, code=f"{prefix}-tu", name=f"Thành ủy Thành phố {number}",
                                  short=f"Thành ủy TP {number}", kind=K.CITY_COMMITTEE, parent=None)])[0]
    board, *uppers = _with_paths(ctx, [
        _org(ctx, code=f"{prefix}-btc", name="Ban Tổ chức Thành ủy", short="Ban Tổ chức TU",
             kind=K.ADVISORY_BOARD, parent=city),
        *[_district(ctx, prefix, i, city) for i in range(scale.upper)],
    ])
    ctx.say(f"city {number}: {len(uppers)} districts")

    # Pairs merged by the reform: the first grassroots committees of the first districts.
    closing = set()
    for i in range(min(scale.reform_pairs, scale.upper)):
        closing |= {(i, 0), (i, 1)}
    grassroots_objects = []
    for u_index, upper in enumerate(uppers):
        for g in range(scale.grassroots):
            place = PLACES[(u_index * scale.grassroots + g) % len(PLACES)]
            closes = (u_index, g) in closing
            grassroots_objects.append(_org(
                ctx, code=f"{upper.code}-p{g + 1}", name=f"Đảng ủy phường {place} {g + 1} – {upper.short_name}",
                short=f"Phường {place} {g + 1}", kind=K.GRASSROOTS_COMMITTEE, parent=upper,
                gtype=GrassrootsType.WARD_COMMUNE, valid_to=REFORM_DATE - days(1) if closes else None))
    grassroots = _with_paths(ctx, grassroots_objects)
    successors = _with_paths(ctx, [
        _org(ctx, code=f"{uppers[i].code}-pm", name=f"Đảng ủy phường mới {i + 1} – {uppers[i].short_name}",
             short=f"Phường mới {i + 1}", kind=K.GRASSROOTS_COMMITTEE, parent=uppers[i],
             gtype=GrassrootsType.WARD_COMMUNE, valid_from=REFORM_DATE)
        for i in range(min(scale.reform_pairs, scale.upper))
    ])
    by_code = {g.code: g for g in grassroots}
    merged = []
    links = []
    for i, successor in enumerate(successors):
        pair = (by_code[f"{uppers[i].code}-p1"], by_code[f"{uppers[i].code}-p2"])
        merged.append((*pair, successor))
        links += [OrganizationSuccession(predecessor=p, successor=successor, kind=SuccessionKind.MERGED_INTO,
                                         effective_date=REFORM_DATE, basis="Nghị quyết sắp xếp đơn vị hành chính")
                  for p in pair]
    ctx.bulk(OrganizationSuccession, links)
    grassroots = grassroots + successors
    cells = _with_paths(ctx, _cells(ctx, grassroots, scale.cells))
    ctx.say(f"city {number}: {len(grassroots)} grassroots, {len(cells)} cells, {len(merged)} reform merges")
    return CityTree(city, board, uppers, grassroots, cells, merged)

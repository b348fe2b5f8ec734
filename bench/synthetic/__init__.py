"""Synthetic data at city or nation scale for benchmarks and load tests.

    python manage.py generate_synthetic --scale city --seed 7

Deterministic for a seed and a day (dates are laid out back from today),
written with bulk inserts, one city tree after another: the organization tree
with a 2025 reform, terms, congresses and committees, quality ratings with
named members, membership structures, admissions, cell meetings, cadres with
titles, planning, training and movements, five years of programs,
inspections, findings, conclusion notices and remediation requirements with
their timelines. History tables (django-simple-history) are not written:
bulk inserts skip them, as an import of old records would."""
from django.db import connection, transaction

from organizations.choices import Role
from organizations.models import Organization, User

from . import cadres, inspections, records, tree
from .base import SCALES, Context

__all__ = ["SCALES", "generate"]
USERS = [("synth-board", Role.INSPECTOR, "Chuyên viên Ban Tổ chức"),
         ("synth-head", Role.TEAM_LEADER, "Trưởng đoàn kiểm tra"),
         ("synth-reporter", Role.REPORTER, "Cán bộ báo cáo")]


def _users(city):
    made = []
    for username, role, name in USERS:
        user, created = User.objects.get_or_create(username=f"{username}-{city.code}",
                                                   defaults={"role": role, "first_name": name})
        if created:
            user.set_unusable_password()
            user.save()
            user.organizations.set([city])
        made.append(user)
    return made


def generate(scale="small", seed=7, today=None, log=None):
    """Builds the data for `scale` (SCALES) unless its first city exists; returns the Context."""
    ctx = Context(SCALES[scale], seed, today=today, log=log)
    if Organization.objects.filter(code="s1-tu").exists():
        ctx.say("synthetic data already present (organization s1-tu): nothing written")
        return ctx
    terms = tree.ensure_terms()
    for number in range(1, ctx.scale.provinces + 1):
        with transaction.atomic():
            city = tree.build_city(ctx, number)
            cadre_codes = cadres.cadres(ctx, city, terms)
            records.committees(ctx, city, terms, cadre_codes)
            ratings = records.ratings_and_members(ctx, city)
            records.meetings(ctx, city)
            inspections.build(ctx, city, _users(city.city), ratings)
    if connection.vendor == "postgresql":  # planner statistics for the new rows, as autovacuum would gather
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ctx.say("done: " + ", ".join(f"{name} {count}" for name, count in sorted(ctx.counts.items())))
    return ctx

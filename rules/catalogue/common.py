"""What several rules share: which organizations they judge, and messages."""
from django.utils.translation import gettext_noop

from organizations.choices import OrganizationKind, OrganizationLevel

# Organizations with a committee that plans and appoints cadres.
COMMITTEE_LEVELS = (OrganizationLevel.CITY, OrganizationLevel.UPPER, OrganizationLevel.GRASSROOTS)
CELL_KINDS = (OrganizationKind.SUBORDINATE_CELL, OrganizationKind.GRASSROOTS_CELL)

MSG_CANNOT_EVALUATE = gettext_noop("Không đánh giá được: %(error)s")


def at_levels(scope, levels):
    return scope.descendants(include_self=True).filter(level__in=levels)


def by_organization(rows, key):
    grouped = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def day(value):
    return value.strftime("%d/%m/%Y")

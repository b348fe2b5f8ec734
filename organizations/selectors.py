from django.db.models import Count, Q

from .filters import OrganizationFilterSet
from .models import Organization, OrganizationSuccession


def organization_list(*, user, data=None, request=None):
    qs = Organization.objects.for_user(user)
    if data is not None:
        qs = OrganizationFilterSet(data, queryset=qs, request=request).qs
    return qs.select_related("parent")


def organization_detail_queryset(*, user):
    return Organization.objects.for_user(user).select_related("parent")


def organization_children(*, user, organization):
    return Organization.objects.for_user(user).filter(parent=organization).order_by("path")


def organization_successions(*, user, organization):
    visible = Organization.objects.for_user(user)
    return (
        OrganizationSuccession.objects.filter(Q(predecessor=organization) | Q(successor=organization))
        .filter(Q(predecessor__in=visible) | Q(successor__in=visible))
        .select_related("predecessor", "successor")
    )


def organization_choices(*, user):
    """Organizations a user may bind new records to."""
    return Organization.objects.for_user(user).only("id", "name", "path", "depth")


def organization_subtree_summary(*, organization_id):
    org = Organization.objects.get(pk=organization_id)
    rows = (
        Organization.objects.within(org).filter(valid_to__isnull=True)
        .values("level").annotate(n=Count("pk")).order_by("level")
    )
    return {"organization": org.pk, "levels": {row["level"]: row["n"] for row in rows}}

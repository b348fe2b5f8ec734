from celery import shared_task

from .selectors import organization_subtree_summary


@shared_task(time_limit=120, soft_time_limit=100)
def organization_subtree_summary_task(organization_id):
    """Counts of active organizations per level below one organization (read-only, safe to repeat)."""
    return organization_subtree_summary(organization_id=organization_id)

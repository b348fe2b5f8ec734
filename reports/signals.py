from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from .models import ReportFile

# Sent by the services (keyword report_id) when a report waits for generation and
# when it is done. reports.tasks answers them by queueing the work after commit, so
# the tasks import the services and the services never import the tasks.
report_queued = Signal()
report_done = Signal()


@receiver(post_delete, sender=ReportFile)
def _remove_stored_file(sender, instance, **kwargs):
    """A deleted report takes its files off the disk, once the deletion is committed."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import ReportFile


@receiver(post_delete, sender=ReportFile)
def _remove_stored_file(sender, instance, **kwargs):
    """A deleted report takes its files off the disk, once the deletion is committed."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))

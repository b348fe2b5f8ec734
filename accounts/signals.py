from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from .choices import RevocationReason
from .models import ApiToken
from .tokens import api_tokens_revoke


@receiver(post_save, sender=get_user_model())
def revoke_tokens_on_password_change(sender, instance, created, **kwargs):
    """set_password() leaves the raw password in `_password` until the save that
    follows; Django's rehash on login clears it first, so an upgraded hash is not
    a change. A changed password means whoever held the keys may no longer be trusted."""
    if created or getattr(instance, "_password", None) is None:
        return
    api_tokens_revoke(tokens=ApiToken.objects.filter(user=instance), reason=RevocationReason.PASSWORD_CHANGED)

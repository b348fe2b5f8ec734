"""Absolute links for messages read outside the site (e-mails): SITE_URL + the path."""
from django.conf import settings
from django.urls import get_script_prefix, reverse


def absolute_url(viewname, *args, **kwargs) -> str:
    path = reverse(viewname, args=args or None, kwargs=kwargs or None)
    # SITE_URL already ends with the mount point when the site is served under one.
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix):]
    return settings.SITE_URL.rstrip("/") + path

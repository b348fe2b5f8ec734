"""Test settings: fast hashing, in-memory mail, eager Celery (integration tests
switch eager off and run a real worker)."""
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="test-media-"))
LANGUAGE_CODE = "vi"
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="test-static-"))

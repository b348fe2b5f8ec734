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
# Tests read the figures they have just written: the dashboard cache is tested on its own.
DASHBOARD_CACHE_SECONDS = 0

if CELERY_BROKER_URL.startswith("filesystem"):
    # A private queue per test session, so a real worker in the integration
    # tests never sees messages of another run (or of the demo).
    _broker = Path(tempfile.mkdtemp(prefix="test-broker-"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "control_folder": str(_broker / "control"),
        "store_processed": False,
    }

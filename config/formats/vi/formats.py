"""Vietnamese: day-first dates; numbers keep Django's Vietnamese separators."""
from config.formats.dmy import *  # noqa: F403

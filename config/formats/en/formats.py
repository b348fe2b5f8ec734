"""English UI: the same day-first dates as Vietnamese, never Django's month-first en formats."""
from config.formats.dmy import *  # noqa: F403

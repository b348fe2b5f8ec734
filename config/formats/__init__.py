"""Locale format modules (settings.FORMAT_MODULE_PATH = "config.formats").

Django's own English formats read and show dates month-first ("m/d/Y"), and its
Vietnamese ones add no input formats, so the month-first global defaults apply
there too: "07/12/2026" became 12 July. Both UI languages use the day-first
formats of `dmy`, which the settings repeat for code that runs with no language
active (tasks, management commands)."""

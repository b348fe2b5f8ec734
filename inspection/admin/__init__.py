"""Admin for the Board's staff. Everything is scoped (core.admin), and every
workflow step goes through the same services as the API: the step is chosen
in a "Bước tiếp theo" box on the change page and run after the save.

One module per area (documents, programs, inspections and findings,
conclusions and remediation); importing them registers the models."""
from . import documents, inspections, programs, remediation  # noqa: F401

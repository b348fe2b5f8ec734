"""Data administration of the inspection records. The staff's daily work (the
inspection workspace, findings, the conclusion with its requirements, progress
reports and extension requests) is done in the pages; here everything is scoped
(core.admin), and the workflow steps are the changelist actions generated from
inspection/workflow.py (core.admin_steps), taken through core.workflow.transition.

One module per area (documents, programs, inspections and findings,
conclusions and remediation); importing them registers the models."""
from . import documents, inspections, programs, remediation  # noqa: F401

"""Report builders. Each module registers its kinds with reports.kinds when
imported; ReportsConfig.ready() imports them all. The inspection-based kinds
(remediation_followup, overdue_digest, program_progress, annual_summary) are
added here once the inspection app is merged."""
from . import organization_structure  # noqa: F401

"""Report builders. Each module registers its kinds with reports.kinds when
imported; ReportsConfig.ready() imports them all."""
from . import (  # noqa: F401
    annual_summary,
    organization_structure,
    overdue_digest,
    program_progress,
    remediation_followup,
)

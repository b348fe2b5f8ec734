"""The rules, one module per inspection topic. Each rule is registered in
REGISTRY under its stable code from domain.md; importing this package
registers them all (RulesConfig.ready)."""
from . import admissions, cadres, committees, meeting_quality, meetings, movements, planning, ratings, remediation  # noqa: F401

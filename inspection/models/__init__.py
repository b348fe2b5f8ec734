"""Models of the inspection app, one module per part of the path from the
program to the last remedy verified."""
from .documents import Document, DocumentFile, Tag, Topic
from .findings import EVIDENCE_MODELS, Finding, FindingAttachment, FindingEvidence
from .inspections import Inspection, InspectionTarget, InspectionTransition, SelfInspectionReport, TeamMember
from .programs import InspectionProgram, ProgramItem
from .remediation import (
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    ProgressAttachment,
    ProgressReport,
    RemediationRequirement,
    RequirementEvent,
)

__all__ = [
    "EVIDENCE_MODELS", "Conclusion", "ConclusionSection", "DeadlineExtension", "Document", "DocumentFile",
    "Finding", "FindingAttachment", "FindingEvidence", "Inspection", "InspectionProgram", "InspectionTarget",
    "InspectionTransition", "ProgramItem", "ProgressAttachment", "ProgressReport", "RemediationRequirement",
    "RequirementEvent", "SelfInspectionReport", "Tag", "TeamMember", "Topic",
]

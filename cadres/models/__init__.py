"""Cadres and what the cadre-work inspections examine: titles with their
standards, planning (quy hoạch), training, movements, and the thresholds of the
rules as data. Every record that names a person is scoped through the
cadre's current organization (personal data, see cadres.api.permissions).

Valid time: title assignments, planning entries, trainings and movements
carry their own dates, so every selector answers "as of date D"."""
from ..choices import ImportStage, ImportStatus
from .norms import PlanningNorm, RetirementAge
from .people import Cadre, CadreImport, Title
from .records import Movement, PlanningEntry, TitleAssignment, TrainingRecord

__all__ = [
    "Cadre", "CadreImport", "ImportStage", "ImportStatus", "Movement", "PlanningEntry", "PlanningNorm",
    "RetirementAge", "Title", "TitleAssignment", "TrainingRecord",
]

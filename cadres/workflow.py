"""The transition tables of the cadres app (core.workflow)."""
from core.workflow import Step, Workflow, register

from . import services
from .choices import PlanningStatus, TrainingStatus
from .models import PlanningEntry, TrainingRecord

P, T = PlanningStatus, TrainingStatus

PLANNING_ENTRY = register(Workflow(PlanningEntry, "planning_entry", (
    Step("approve", P.APPROVED.label, P.APPROVED, (P.PROPOSED,), services.planning_entry_approve,
         "cadres.change_planningentry", date_arg="approved_on"),
    Step("remove", P.REMOVED.label, P.REMOVED, (P.PROPOSED, P.APPROVED), services.planning_entry_remove,
         "cadres.change_planningentry", date_arg="removed_on"),
)))

TRAINING = register(Workflow(TrainingRecord, "training", (
    Step("start", T.STUDYING.label, T.STUDYING, (T.PLANNED,), services.training_start,
         "cadres.change_trainingrecord", date_arg="started_on"),
    Step("complete", T.COMPLETED.label, T.COMPLETED, (T.STUDYING,), services.training_complete,
         "cadres.change_trainingrecord", date_arg="ended_on"),
)))

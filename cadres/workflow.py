"""The transition tables of the cadres app (core.workflow). Every step takes the
day it took effect (`effective_on` in the API, the admin action's date), default
today, checked by core.workflow: not after today, not before 1945, not before
the record's previous step (added to the plan, approved; started)."""
from core.workflow import Step, Workflow, register

from . import services
from .choices import PlanningStatus, TrainingStatus
from .models import PlanningEntry, TrainingRecord

P, T = PlanningStatus, TrainingStatus


def _planning_last(entry):
    return max((day for day in (entry.added_on, entry.approved_on) if day), default=None)


def _training_last(training):
    return training.started_on if training.status == T.STUDYING else None


PLANNING_ENTRY = register(Workflow(PlanningEntry, "planning_entry", (
    Step("approve", P.APPROVED.label, P.APPROVED, (P.PROPOSED,), services.planning_entry_approve,
         "cadres.change_planningentry", date_arg="approved_on"),
    Step("remove", P.REMOVED.label, P.REMOVED, (P.PROPOSED, P.APPROVED), services.planning_entry_remove,
         "cadres.change_planningentry", date_arg="removed_on"),
), last_effective=_planning_last))

TRAINING = register(Workflow(TrainingRecord, "training", (
    Step("start", T.STUDYING.label, T.STUDYING, (T.PLANNED,), services.training_start,
         "cadres.change_trainingrecord", date_arg="started_on"),
    Step("complete", T.COMPLETED.label, T.COMPLETED, (T.STUDYING,), services.training_complete,
         "cadres.change_trainingrecord", date_arg="ended_on"),
), last_effective=_training_last))

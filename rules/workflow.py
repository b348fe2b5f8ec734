"""The transition table of rule runs (core.workflow). A run's states and the
moves its task makes are core.task_rows'; the one step a person takes is
«retry», here: the API action, the run page's button and the admin action are
the same step (core.workflow.transition). A finished run is re-checked by a new run."""
from functools import partial

from django.utils.translation import gettext_lazy as _

from core import task_rows
from core.workflow import Step, Workflow, register

from .choices import RunStatus
from .models import RuleCheckRun
from .services import check_run_enqueue

RUN_PERM = "rules.add_rulecheckrun"  # the right to queue a run is the right to queue it again
STILL_RUNNING = task_rows.still_running(_(
    "Lượt kiểm tra đang chạy (tín hiệu hoạt động gần nhất lúc %(time)s); chỉ thử lại được khi lượt kiểm "
    "tra bị lỗi hoặc không có tín hiệu hoạt động trong %(minutes)s phút."))

RULE_RUN = register(Workflow(RuleCheckRun, "row", (
    Step("retry", _("Thử lại"), RunStatus.QUEUED, (RunStatus.FAILED, RunStatus.QUEUED, RunStatus.RUNNING),
         partial(task_rows.retry, perm=RUN_PERM, refusal=STILL_RUNNING, enqueue=check_run_enqueue),
         RUN_PERM, refusal=STILL_RUNNING, date_arg="", status_code=202,
         help="Queue a failed run again, or one whose worker is gone (no heartbeat for STALE_TASK_MINUTES); "
              "409 `still_running` while its task is alive."),
)))

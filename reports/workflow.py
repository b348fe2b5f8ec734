"""The transition table of reports (core.workflow). A report's states and the
moves its task makes are core.task_rows'; the one step a person takes is
«retry», here, so that the API action, the page's button and the admin action
are the same step (core.workflow.transition)."""
from functools import partial

from django.utils.translation import gettext_lazy as _

from core import task_rows
from core.workflow import Step, Workflow, register

from .choices import ReportStatus
from .models import Report
from .services import report_enqueue

REQUEST_PERM = "reports.add_report"  # who may ask for a report may ask again
STILL_RUNNING = task_rows.still_running(_(
    "Báo cáo đang được lập (tín hiệu hoạt động gần nhất lúc %(time)s); chỉ thử lại được khi báo cáo "
    "bị lỗi hoặc không có tín hiệu hoạt động trong %(minutes)s phút."))

REPORT = register(Workflow(Report, "row", (
    Step("retry", _("Thử lại"), ReportStatus.QUEUED,
         (ReportStatus.FAILED, ReportStatus.QUEUED, ReportStatus.RUNNING),
         partial(task_rows.retry, perm=REQUEST_PERM, refusal=STILL_RUNNING, enqueue=report_enqueue),
         REQUEST_PERM, refusal=STILL_RUNNING, date_arg="", status_code=202,
         help="Queue a failed report again (same version), or one whose worker is gone (no heartbeat for "
              "STALE_TASK_MINUTES); 409 `still_running` while its task is alive."),
)))

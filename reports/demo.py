"""Demo reports: the default schedules (what `make demo` needs beat to see)
and one generated report, the 2019 structure of the city's party
organizations. Idempotent: a second run finds both and changes nothing."""
from organizations.models import Organization

from .choices import ReportStatus
from .kinds import ORGANIZATION_STRUCTURE
from .models import Report
from .periods import parse_period
from .schedules import schedules_setup
from .services import report_generate, report_request


def load(stdout=None):
    counts = schedules_setup()
    city = Organization.objects.get(code="tu-hcm")
    report, created = report_request(
        kind=ORGANIZATION_STRUCTURE, scope=city, period=parse_period("2019"),
        schedule="demo", enqueue=False,
    )
    if report.status == ReportStatus.QUEUED:
        report_generate(report_id=report.pk)
    if stdout:
        stdout.write(
            f"Reports: {Report.objects.count()} ({int(created)} new); schedules: {counts['created']} new, "
            f"{counts['updated']} updated"
        )

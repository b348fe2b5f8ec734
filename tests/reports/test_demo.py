"""The reports demo: the structure report made on the spot, one report of
each inspection kind queued for the worker, nothing new on a second run."""
import pytest

from inspection.demo import load as load_inspection
from organizations.demo import load as load_organizations
from reports import demo
from reports.kinds import ANNUAL_SUMMARY, ORGANIZATION_STRUCTURE, OVERDUE_DIGEST, PROGRAM_PROGRESS, REMEDIATION_FOLLOWUP
from reports.models import Report, ReportFile

pytestmark = pytest.mark.django_db


def _counts():
    return (Report.objects.count(), ReportFile.objects.count(), Report.history.count(), ReportFile.history.count())


def test_demo_queues_each_kind_once_and_the_worker_makes_them(django_capture_on_commit_callbacks):
    load_organizations()
    load_inspection()
    with django_capture_on_commit_callbacks() as queued:
        demo.load()
    reports = {(r.kind, r.period_key): r for r in Report.objects.select_related("scope")}
    assert set(reports) == {(ORGANIZATION_STRUCTURE, "2019"), (REMEDIATION_FOLLOWUP, "2019"),
                            (PROGRAM_PROGRESS, "2019"), (ANNUAL_SUMMARY, "2019"), (OVERDUE_DIGEST, "2020-06-30")}
    assert {r.scope.code for r in reports.values()} == {"tu-hcm"}
    assert reports[(ORGANIZATION_STRUCTURE, "2019")].status == "done"
    assert [r.status for key, r in reports.items() if key[0] != ORGANIZATION_STRUCTURE] == ["queued"] * 4
    # sent once the data is committed: four generations, and the structure report's "ready" mail
    assert sorted(send.task_name for send in queued) == (
        ["reports.tasks.generate_report"] * 4 + ["reports.tasks.notify_report_ready"])

    for send in queued:  # what the worker does with the messages (eager in the test settings)
        send()
    followup = Report.objects.get(kind=REMEDIATION_FOLLOWUP)
    assert followup.status == "done", followup.error
    assert set(followup.files.values_list("format", flat=True)) == {"docx", "pdf", "xlsx"}
    assert set(Report.objects.values_list("status", flat=True)) == {"done"}

    before = _counts()
    with django_capture_on_commit_callbacks() as again:
        demo.load()
    assert _counts() == before and again == []

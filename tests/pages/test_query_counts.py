"""Pages other than lists: their query counts do not grow with the rows they show."""
import pytest

from inspection import services
from inspection.choices import FindingKind, InspectionStatus, Severity
from tests.inspection.factories import pdf, topic, walk
from tests.organizations.factories import CellMeetingFactory

pytestmark = pytest.mark.django_db


def test_workspace_constant_in_findings_and_evidence(client, tree, board, count_queries):
    client.force_login(board)
    out = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.IN_PROGRESS)
    url = f"/inspections/{out.inspection.pk}/"

    def add():
        finding = services.finding_create(user=board, inspection=out.inspection, organization=tree.cuchi_commune,
                                          topic=topic(), kind=FindingKind.LIMITATION, severity=Severity.MINOR,
                                          text="Hạn chế", tags=["a", "b"])
        meeting = CellMeetingFactory(cell=tree.cuchi_cell)
        services.finding_add_evidence(user=board, finding=finding, record_type="organizations.cellmeeting",
                                      record_id=meeting.pk)

    add()
    one = count_queries(client, url)
    for _ in range(3):
        add()
    assert count_queries(client, url) == one


def test_requirement_page_and_reporter_home_constant_in_reports(client, tree, board, cuchi_reporter, count_queries):
    requirement = walk(tree, board, targets=[tree.cuchi_commune],
                       status=InspectionStatus.FOLLOWING_UP).requirements[tree.cuchi_commune.pk]
    client.force_login(cuchi_reporter)
    services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Một", percent=10,
                                    files=[pdf()])
    url = f"/requirements/{requirement.pk}/"
    one, home = count_queries(client, url), count_queries(client, "/")
    for n in range(3):
        services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text=f"Lần {n}",
                                        percent=20 + n, files=[pdf(f"{n}.pdf")])
        walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP)
    assert count_queries(client, url) == one
    assert count_queries(client, "/") == home


def test_staff_home_constant(client, tree, board, count_queries):
    client.force_login(board)
    walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP)
    one = count_queries(client, "/")
    for _ in range(3):
        walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP)
    assert count_queries(client, "/") == one

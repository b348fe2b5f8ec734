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


def test_requirement_page_with_decisions_constant_in_extensions(client, tree, board, cuchi_reporter, count_queries):
    import datetime

    requirement = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                       deadline=datetime.date.today() + datetime.timedelta(days=10)).requirements[tree.cuchi_commune.pk]
    client.force_login(board)

    def extend_and_decide(days):
        extension = services.extension_request(user=cuchi_reporter, requirement=requirement, reason="Chờ.",
                                               requested_deadline=requirement.deadline + datetime.timedelta(days=days))
        services.extension_decide(user=board, extension=extension, approve=False, note="Không.")

    extend_and_decide(5)
    services.extension_request(user=cuchi_reporter, requirement=requirement, reason="Chờ nữa.",
                               requested_deadline=requirement.deadline + datetime.timedelta(days=40))
    url = f"/requirements/{requirement.pk}/"
    one = count_queries(client, url)
    assert "Chấp thuận gia hạn" in client.get(url).content.decode()
    pending = requirement.extensions.get(status="pending")
    services.extension_decide(user=board, extension=pending, approve=False, note="Không.")
    for days in (6, 7, 8):
        extend_and_decide(days)
    services.extension_request(user=cuchi_reporter, requirement=requirement, reason="Lần cuối.",
                               requested_deadline=requirement.deadline + datetime.timedelta(days=50))
    assert count_queries(client, url) == one


def test_edit_page_constant_in_team(client, tree, board, count_queries):
    from inspection.choices import TeamRole
    from tests.cadres.factories import CadreFactory

    inspection = walk(tree, board, targets=[tree.cuchi_commune]).inspection
    client.force_login(board)
    url = f"/inspections/{inspection.pk}/edit/"

    def team(cadres):
        members = [{"role": TeamRole.HEAD, "full_name": "Trần Văn Hùng"},
                   {"role": TeamRole.MEMBER, "full_name": "Người dùng", "user": board}]
        members += [{"role": TeamRole.MEMBER, "full_name": f"CB {n}", "cadre": CadreFactory(organization=tree.city)}
                    for n in range(cadres)]
        services.inspection_update(user=board, inspection=inspection, team=members)

    team(1)
    one = count_queries(client, url)
    team(4)
    assert count_queries(client, url) == one

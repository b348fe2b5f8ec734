"""Team members picked by name (cadres and users, never usernames typed) in the
wizard and the edit page, and editing an inspection after creation, refused
once its state no longer allows it (#14)."""
import datetime

import pytest
from django.utils import timezone

from inspection import services
from inspection.choices import InspectionStatus, TeamRole
from inspection.models import Inspection
from tests.cadres.factories import CadreFactory
from tests.inspection.factories import topic, walk
from tests.organizations.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, board, tree):
    tree.city.issuer_code = "TU"
    tree.city.save()
    TermFactory(name="2025-2030", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2030, 12, 31))
    client.force_login(board)
    return client


@pytest.fixture
def people(tree, make_user):
    lan = CadreFactory(full_name="Nguyễn Thị Lan", organization=tree.city)
    far = CadreFactory(full_name="Nguyễn Thị Lanh", organization=tree.q3)  # same name, another subtree
    hung = make_user(organizations=[tree.city], username="hung01", first_name="Trần Văn Hùng")
    return lan, far, hung


def test_search_finds_cadres_and_users_by_name_without_diacritics_within_scope(client, tree, make_user, people):
    lan, far, hung = people
    cuchi_staff = make_user(organizations=[tree.cuchi])
    client.force_login(cuchi_staff)
    page = client.get("/inspections/people/", {"q": "nguyen thi lan"}).content.decode()
    assert "Nguyễn Thị Lan" not in page and "Nguyễn Thị Lanh" not in page  # neither is in Củ Chi's subtree
    client.force_login(hung)
    page = client.get("/inspections/people/", {"q": "nguyen thi lan"}).content.decode()
    assert f'value="cadre:{lan.pk}"' in page and f'value="cadre:{far.pk}"' in page
    page = client.get("/inspections/people/", {"q": "tran hung"}).content.decode()
    assert f'value="user:{hung.pk}"' in page and "Trần Văn Hùng" in page and "hung01" not in page


def _wizard(client, tree, **team):
    initial = client.get("/inspections/new/").context["form"].initial
    return client.post("/inspections/new/", {
        "code": "KT-2026-09", "title": "Kiểm tra xã", "form": "periodic", "authority": tree.city.pk,
        "conducted_by": tree.city.pk, "targets": [tree.cuchi_commune.pk], "topics": [topic().pk],
        "period_start": "01/01/2024", "period_end": "31/12/2025", "planned_start": "07/12/2026",
        "planned_end": "20/12/2026", "decision_number": initial["decision_number"],
        "decision_on": timezone.localdate().strftime("%d/%m/%Y"), **team})


def test_wizard_team_picked_by_name(staff, tree, people):
    lan, _far, hung = people
    response = _wizard(staff, tree, people=[f"cadre:{lan.pk}", f"user:{hung.pk}"], head_pick=f"cadre:{lan.pk}",
                       members="Lê Văn Khách")
    assert response.status_code == 302, response.context["form"].errors
    team = {m.full_name: m for m in Inspection.objects.get(code="KT-2026-09").team.all()}
    assert team["Nguyễn Thị Lan"].cadre == lan and team["Nguyễn Thị Lan"].role == TeamRole.HEAD
    assert team["Trần Văn Hùng"].user == hung and team["Trần Văn Hùng"].role == TeamRole.MEMBER
    assert team["Lê Văn Khách"].cadre is None and team["Lê Văn Khách"].user is None


def test_wizard_refuses_two_heads_and_a_person_out_of_scope_keeping_the_picks(staff, tree, people, make_user):
    lan, _far, hung = people
    two = _wizard(staff, tree, people=[f"cadre:{lan.pk}"], head_pick=f"cadre:{lan.pk}", head="Người Khác")
    assert two.status_code == 400 and "chỉ có một trưởng đoàn" in two.content.decode()
    assert f'value="cadre:{lan.pk}" id="pick-cadre{lan.pk}" checked' in two.content.decode()  # the pick is kept
    outsider = CadreFactory(full_name="Ngoài Phạm Vi", organization=tree.cuchi)
    cuchi_staff = make_user(organizations=[tree.cuchi])
    staff.force_login(cuchi_staff)
    refused = staff.post("/inspections/new/", {"people": [f"cadre:{lan.pk}"], "head": "X"})
    assert refused.status_code == 400 and "Không tìm thấy thành viên đoàn" in refused.content.decode()
    assert outsider.pk


def test_edit_dates_units_topics_and_team_in_draft(staff, tree, board, people):
    lan, _far, _hung = people
    inspection = walk(tree, board, targets=[tree.cuchi_commune]).inspection
    page = staff.get(f"/inspections/{inspection.pk}/edit/")
    assert page.status_code == 200 and "Trần Văn Hùng" in page.content.decode()  # the typed head is kept
    response = staff.post(f"/inspections/{inspection.pk}/edit/", {
        "code": inspection.code, "title": "Tên mới", "targets": [tree.cuchi_commune.pk, tree.q3_ward.pk],
        "topics": [topic().pk], "period_start": "01/01/2024", "period_end": "31/12/2025",
        "planned_start": "07/12/2026", "planned_end": "20/12/2026", "people": [f"cadre:{lan.pk}"],
        "head_pick": f"cadre:{lan.pk}"})
    assert response.status_code == 302, response.context["form"].errors
    inspection.refresh_from_db()
    assert inspection.title == "Tên mới" and inspection.planned_start == datetime.date(2026, 12, 7)
    assert set(inspection.target_organizations.all()) == {tree.cuchi_commune, tree.q3_ward}
    assert [(m.full_name, m.cadre_id) for m in inspection.team.all()] == [("Nguyễn Thị Lan", lan.pk)]


def test_after_the_decision_units_are_fixed_but_dates_and_team_edit(staff, tree, board):
    inspection = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.DECIDED).inspection
    response = staff.post(f"/inspections/{inspection.pk}/edit/", {
        "code": inspection.code, "title": inspection.title, "targets": [tree.q3_ward.pk],
        "period_start": "01/01/2018", "period_end": "31/12/2018", "planned_start": "06/05/2019",
        "planned_end": "30/06/2019", "head": "Trần Văn Hùng"})
    assert response.status_code == 302, response.context["form"].errors
    inspection.refresh_from_db()
    assert inspection.planned_end == datetime.date(2019, 6, 30)
    assert list(inspection.target_organizations.all()) == [tree.cuchi_commune]  # disabled: not changed


def test_edit_refused_once_the_state_does_not_allow_it(staff, tree, board):
    inspection = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.CONCLUDED).inspection
    assert "data-testid=\"edit-link\"" not in staff.get(f"/inspections/{inspection.pk}/").content.decode()
    page = staff.get(f"/inspections/{inspection.pk}/edit/")
    assert page.status_code == 409 and "không sửa được" in page.content.decode()
    refused = staff.post(f"/inspections/{inspection.pk}/edit/", {
        "code": inspection.code, "title": "Đổi", "period_start": "01/01/2018", "period_end": "31/12/2018",
        "planned_start": "06/05/2019", "planned_end": "30/06/2019", "head": "A"})
    assert refused.status_code == 409 and "không sửa được" in refused.content.decode()
    inspection.refresh_from_db()
    assert inspection.title != "Đổi" and services  # the service refused

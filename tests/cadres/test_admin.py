"""The admin door: same scope, read-only roles, the import page."""
import pytest
from django.urls import reverse

from cadres.models import Cadre, PlanningEntry
from organizations.choices import Role
from tests.organizations.factories import TermFactory

from .factories import CadreFactory, PlanningEntryFactory, TitleFactory
from .test_import import bad_file

pytestmark = pytest.mark.django_db


def login(client, user):
    # tests.factories.UserFactory sets the password after saving and does not
    # save again, so the in-memory session hash differs from the stored one:
    # log in with the stored row.
    client.force_login(type(user).objects.get(pk=user.pk))
    return client


@pytest.fixture
def q3_inspector(client, tree, make_user):
    return login(client, make_user(role=Role.INSPECTOR, organizations=[tree.q3]))


def test_changelists_are_scoped(q3_inspector, tree):
    mine = CadreFactory(organization=tree.q3_ward, full_name="Võ Thị Sáu Một")
    theirs = CadreFactory(organization=tree.cuchi, full_name="Củ Chi Hai")
    PlanningEntryFactory(cadre=theirs, organization=tree.cuchi)
    page = q3_inspector.get(reverse("admin:cadres_cadre_changelist")).content.decode()
    assert mine.full_name in page and theirs.full_name not in page
    plans = q3_inspector.get(reverse("admin:cadres_planningentry_changelist")).content.decode()
    assert theirs.full_name not in plans
    response = q3_inspector.get(reverse("admin:cadres_cadre_change", args=[theirs.pk]))
    assert response.status_code == 302  # "does not exist" redirect, nothing shown
    search = q3_inspector.get(reverse("admin:cadres_cadre_changelist"), {"q": "cu chi hai"}).content.decode()
    assert theirs.full_name not in search
    history = q3_inspector.get(reverse("admin:cadres_cadre_history", args=[theirs.pk]))
    assert history.status_code == 404
    version = theirs.history.first().history_id
    assert q3_inspector.get(reverse("admin:cadres_cadre_simple_history", args=[theirs.pk, version])).status_code == 404
    assert q3_inspector.get(reverse("admin:cadres_cadre_history", args=[mine.pk])).status_code == 200


def test_cannot_create_outside_scope(q3_inspector, tree):
    data = {"code": "CB-X", "full_name": "Ngoài Phạm Vi", "birth_date": "1980-01-01", "gender": "male",
            "ethnicity": "Kinh", "organization": tree.cuchi.pk, "theory_level": "none",
            "state_management_level": "none",
            **{f"{prefix}-{key}": "0" for prefix in ("title_assignments", "planning_entries", "trainings")
               for key in ("TOTAL_FORMS", "INITIAL_FORMS")}}
    response = q3_inspector.post(reverse("admin:cadres_cadre_add"), data)
    assert response.status_code == 200 and not Cadre.objects.exists()
    assert "organization" in response.context["adminform"].form.errors
    data["organization"] = tree.q3.pk
    assert q3_inspector.post(reverse("admin:cadres_cadre_add"), data).status_code == 302
    assert Cadre.objects.get().organization == tree.q3


def test_leader_cannot_change_in_admin(client, tree, make_user):
    cadre = CadreFactory(organization=tree.q3)
    login(client, make_user(role=Role.LEADER, organizations=[tree.q3]))
    assert client.get(reverse("admin:cadres_cadre_add")).status_code == 403
    assert client.get(reverse("admin:cadres_cadre_import")).status_code == 403
    view = client.get(reverse("admin:cadres_cadre_change", args=[cadre.pk]))
    assert view.status_code == 200 and b'name="_save"' not in view.content


def test_import_page_reports_bad_rows(q3_inspector, tree):
    TermFactory(start_year=2020)
    TitleFactory(code="upper-pho-bi-thu")
    upload = bad_file()
    upload.name = "ds.xlsx"
    response = q3_inspector.post(reverse("admin:cadres_cadre_import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mã cán bộ “CB001” trùng với dòng 2." in page and "Không có chức danh mã “khong-co”." in page
    assert not Cadre.objects.exists()
    template = q3_inspector.get(reverse("admin:cadres_cadre_import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")


def test_approve_action_uses_the_service(q3_inspector, tree):
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3,
                                 status="proposed", approved_on=None)
    url = reverse("admin:cadres_planningentry_changelist")
    ask = q3_inspector.post(url, {"action": "approve", "_selected_action": [entry.pk]})
    # The step of cadres/workflow.py (core.admin_steps): its label, and the effective date it asks for.
    assert ask.status_code == 200 and "Đã phê duyệt" in ask.content.decode()
    assert "effective_on" in ask.context["form"].fields
    q3_inspector.post(url, {"action": "approve", "_selected_action": [entry.pk], "apply": "1",
                            "effective_on": "2018-04-01"})
    entry.refresh_from_db()
    assert entry.status == "approved" and str(entry.approved_on) == "2018-04-01"
    assert PlanningEntry.history.filter(id=entry.pk).count() == 2


def test_the_approve_action_checks_the_effective_date(q3_inspector, tree):
    import datetime

    from django.utils import timezone

    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3,
                                 status="proposed", approved_on=None)
    url = reverse("admin:cadres_planningentry_changelist")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    q3_inspector.post(url, {"action": "approve", "_selected_action": [entry.pk], "apply": "1",
                            "day": tomorrow.isoformat()})
    entry.refresh_from_db()
    assert entry.status == "proposed" and entry.approved_on is None


def _movement_form(movement, **changes):
    data = {"cadre": movement.cadre_id, "kind": movement.kind, "from_organization": "", "from_title": "",
            "to_organization": movement.to_organization_id, "to_title": movement.to_title_id or "",
            "decision": movement.decision, "effective_on": movement.effective_on.strftime("%d/%m/%Y"),
            "ended_on": "", "notes": movement.notes}
    return {**data, **changes}


def test_editing_a_movement_checks_its_effective_date_like_adding_one(q3_inspector, tree):
    """A correction in the admin goes through cadres.services.movement_update: not after
    today, not before the cadre's previous movement; nothing saved when refused."""
    import datetime

    from django.utils import timezone

    from cadres.choices import MovementKind
    from cadres.models import Movement

    from .factories import MovementFactory

    cadre = CadreFactory(organization=tree.q3)
    MovementFactory(cadre=cadre, kind=MovementKind.APPOINTMENT, to_organization=tree.q3, to_title=TitleFactory(),
                    effective_on=datetime.date(2019, 6, 1))
    later = MovementFactory(cadre=cadre, kind=MovementKind.APPOINTMENT, to_organization=tree.q3,
                            to_title=TitleFactory(), effective_on=datetime.date(2020, 6, 1))
    url = reverse("admin:cadres_movement_change", args=[later.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    for refused_day in (tomorrow, "31/05/2019"):  # after today; before the previous movement
        response = q3_inspector.post(url, _movement_form(later, effective_on=refused_day, decision="Sửa"))
        assert response.status_code == 200, refused_day
        assert "effective_on" in response.context["adminform"].form.errors
        later.refresh_from_db()
        assert later.effective_on == datetime.date(2020, 6, 1) and later.decision != "Sửa"
    assert q3_inspector.post(url, _movement_form(later, effective_on="01/01/2020")).status_code == 302
    later.refresh_from_db()
    assert later.effective_on == datetime.date(2020, 1, 1)
    assert Movement.history.filter(id=later.pk).first().history_user is not None


def test_the_movement_service_refuses_a_correction_before_the_previous_movement(tree):
    import datetime

    from cadres import services
    from cadres.choices import MovementKind
    from core.errors import ApplicationError
    from core.services import SYSTEM

    from .factories import MovementFactory

    cadre = CadreFactory(organization=tree.q3)
    MovementFactory(cadre=cadre, kind=MovementKind.APPOINTMENT, to_organization=tree.q3, to_title=TitleFactory(),
                    effective_on=datetime.date(2019, 6, 1))
    later = MovementFactory(cadre=cadre, kind=MovementKind.APPOINTMENT, to_organization=tree.q3,
                            to_title=TitleFactory(), effective_on=datetime.date(2020, 6, 1))
    with pytest.raises(ApplicationError):
        services.movement_update(user=SYSTEM, movement=later, effective_on=datetime.date(2019, 5, 31))
    assert services.movement_update(user=SYSTEM, movement=later,
                                    effective_on=datetime.date(2019, 6, 1)).effective_on == datetime.date(2019, 6, 1)

import datetime

import pytest

from cadres import services
from cadres.choices import (
    MovementKind,
    PlanningStatus,
    RemovalReason,
    TheoryLevel,
    TrainingKind,
    TrainingStatus,
    highest_theory_level,
    theory_level_meets,
)
from cadres.models import PlanningEntry, TitleAssignment
from core.errors import ApplicationError
from core.services import SYSTEM
from organizations.choices import OrganizationLevel
from tests.organizations.factories import TermFactory

from .factories import CadreFactory, PlanningEntryFactory, TitleAssignmentFactory, TitleFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("level, required, expected", [
    (TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED, False),
    (TheoryLevel.ADVANCED, TheoryLevel.ADVANCED, True),
    (TheoryLevel.BACHELOR, TheoryLevel.ADVANCED, True),
    (TheoryLevel.ADVANCED, TheoryLevel.BACHELOR, False),
    (TheoryLevel.NONE, TheoryLevel.ELEMENTARY, False),
    (TheoryLevel.NONE, "", True),
])
def test_theory_level_order(level, required, expected):
    assert theory_level_meets(level, required) is expected


def test_highest_theory_level():
    assert highest_theory_level([TheoryLevel.BACHELOR, TheoryLevel.ADVANCED, TheoryLevel.NONE]) == TheoryLevel.BACHELOR
    assert highest_theory_level([]) == TheoryLevel.NONE


def test_planning_lifecycle(tree):
    cadre = CadreFactory(organization=tree.q3)
    title, term = TitleFactory(), TermFactory(start_year=2020)
    entry = services.planning_entry_create(user=SYSTEM, cadre=cadre, title=title, organization=tree.q3, term=term,
                                           added_on=D(2018, 3, 1))
    assert entry.status == PlanningStatus.PROPOSED
    with pytest.raises(ApplicationError) as err:
        services.planning_entry_approve(user=SYSTEM, planning_entry=entry, approved_on=D(2018, 2, 1))
    assert "trước ngày đưa vào" in str(err.value.message)
    services.planning_entry_approve(user=SYSTEM, planning_entry=entry, approved_on=D(2018, 4, 1), decision="12-QĐ/QU")
    with pytest.raises(ApplicationError) as err:
        services.planning_entry_approve(user=SYSTEM, planning_entry=entry, approved_on=D(2018, 5, 1))
    assert err.value.code == "invalid_transition" and err.value.status == 409
    services.planning_entry_remove(user=SYSTEM,
                                   planning_entry=entry, removed_on=D(2020, 1, 1), reason=RemovalReason.OVER_AGE)
    entry.refresh_from_db()
    assert (entry.status, entry.approved_on, entry.removed_on, entry.decision) == (
        PlanningStatus.REMOVED, D(2018, 4, 1), D(2020, 1, 1), "12-QĐ/QU")
    assert [h.status for h in entry.history.order_by("history_date")] == ["proposed", "approved", "removed"]
    # Removed names may come back in a later review: a new entry, the old one stays.
    again = services.planning_entry_create(user=SYSTEM, cadre=cadre, title=title, organization=tree.q3, term=term,
                                           added_on=D(2021, 3, 1))
    assert PlanningEntry.objects.filter(cadre=cadre).count() == 2 and again.pk != entry.pk


def test_planning_refuses_duplicates_and_wrong_level(tree):
    cadre, term = CadreFactory(organization=tree.q3), TermFactory(start_year=2020)
    title = TitleFactory()
    services.planning_entry_create(user=SYSTEM,
                                   cadre=cadre, title=title, organization=tree.q3, term=term, added_on=D(2018, 1, 1))
    with pytest.raises(ApplicationError) as err:
        services.planning_entry_create(user=SYSTEM, cadre=cadre, title=title, organization=tree.q3, term=term,
                                       added_on=D(2019, 1, 1))
    assert err.value.code == "duplicate"
    commune_title = TitleFactory(name="Bí thư Đảng ủy xã", level=OrganizationLevel.GRASSROOTS)
    with pytest.raises(ApplicationError) as err:
        services.planning_entry_create(user=SYSTEM, cadre=cadre, title=commune_title, organization=tree.q3, term=term,
                                       added_on=D(2018, 1, 1))
    assert "không thuộc cấp" in str(err.value.fields["title"][0])


def test_planning_status_is_not_edited_directly(tree):
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3)
    with pytest.raises(ApplicationError) as err:
        services.planning_entry_update(user=SYSTEM, planning_entry=entry, status=PlanningStatus.PROPOSED)
    assert err.value.code == "field_read_only"


def test_training_completion_raises_theory_level_never_lowers(tree):
    cadre = CadreFactory(organization=tree.q3, theory_level=TheoryLevel.INTERMEDIATE)
    training = TrainingRecordFactory(cadre=cadre, status=TrainingStatus.PLANNED, started_on=None)
    with pytest.raises(ApplicationError):
        services.training_complete(user=SYSTEM, training=training, ended_on=D(2020, 1, 1))
    services.training_start(user=SYSTEM, training=training, started_on=D(2019, 3, 1))
    services.training_complete(user=SYSTEM, training=training, ended_on=D(2020, 12, 20), certificate="CC-123")
    cadre.refresh_from_db()
    assert (cadre.theory_level, cadre.theory_level_obtained_on) == (TheoryLevel.ADVANCED, D(2020, 12, 20))
    services.training_create(user=SYSTEM,
                             cadre=cadre, kind=TrainingKind.POLITICAL_THEORY, theory_level=TheoryLevel.ELEMENTARY,
                             started_on=D(2005, 1, 1), ended_on=D(2005, 6, 1), status=TrainingStatus.COMPLETED)
    cadre.refresh_from_db()
    assert cadre.theory_level == TheoryLevel.ADVANCED


def test_training_political_theory_needs_a_level(tree):
    with pytest.raises(ApplicationError) as err:
        services.training_create(user=SYSTEM,
                                 cadre=CadreFactory(organization=tree.q3), kind=TrainingKind.POLITICAL_THEORY,
                                 status=TrainingStatus.PLANNED)
    assert "phải ghi trình độ" in str(err.value.fields)


def test_rotation_moves_titles_and_organization(tree):
    cadre = CadreFactory(organization=tree.q3)
    deputy = TitleFactory(name="Phó Chủ tịch UBND quận")
    secretary = TitleFactory(name="Bí thư Đảng ủy xã", level=OrganizationLevel.GRASSROOTS)
    held = TitleAssignmentFactory(cadre=cadre, title=deputy, organization=tree.q3, started_on=D(2015, 1, 1))
    movement = services.movement_create(user=SYSTEM,
        cadre=cadre, kind=MovementKind.ROTATION, from_organization=tree.q3, from_title=deputy,
        to_organization=tree.cuchi_commune, to_title=secretary, decision="45-QĐ/TU",
        effective_on=D(2019, 1, 1), ended_on=D(2022, 1, 1), today=D(2020, 1, 1),
    )
    held.refresh_from_db()
    cadre.refresh_from_db()
    assert held.ended_on == D(2019, 1, 1)
    new = TitleAssignment.objects.get(cadre=cadre, title=secretary)
    assert (new.organization, new.started_on, new.ended_on, new.decision) == (
        tree.cuchi_commune, D(2019, 1, 1), D(2022, 1, 1), "45-QĐ/TU")
    assert cadre.organization == tree.cuchi_commune
    assert movement.pk


def test_rotation_needs_an_end_and_appointment_a_title(tree):
    cadre = CadreFactory(organization=tree.q3)
    with pytest.raises(ApplicationError) as err:
        services.movement_create(user=SYSTEM, cadre=cadre, kind=MovementKind.ROTATION, to_organization=tree.cuchi,
                                 decision="1-QĐ/TU", effective_on=D(2019, 1, 1))
    assert "Luân chuyển phải có ngày kết thúc" in str(err.value.fields)
    with pytest.raises(ApplicationError) as err:
        services.movement_create(user=SYSTEM, cadre=cadre, kind=MovementKind.APPOINTMENT, to_organization=tree.q3,
                                 decision="2-QĐ/QU", effective_on=D(2019, 1, 1))
    assert "phải ghi chức danh" in str(err.value.fields)
    assert not cadre.movements.exists()


def test_cadre_with_records_is_not_deleted(tree):
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3)
    with pytest.raises(ApplicationError) as err:
        services.cadre_delete(user=SYSTEM, cadre=entry.cadre)
    assert err.value.status == 409

"""One workflow mechanism (core.workflow): the table says which steps a status
offers, transition() refuses in one shape, allowed_steps() tells a page or the
admin what blocks each button, and the API's actions come from the same table."""
import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.workflow import allowed_steps, transition, workflow_for
from inspection.api.views import InspectionViewSet, RequirementViewSet
from inspection.choices import InspectionStatus
from inspection.models import Inspection
from tests.organizations.factories import TermFactory

from .factories import D, walk

pytestmark = pytest.mark.django_db
S = InspectionStatus


@pytest.fixture(autouse=True)
def terms(db):
    return TermFactory()


def test_a_step_the_status_does_not_offer_is_a_409_invalid_transition(tree, board):
    draft = walk(tree, board, targets=[tree.q3]).inspection
    with pytest.raises(ApplicationError) as err:
        transition(draft, "close", user=board)
    assert (err.value.code, err.value.status) == ("invalid_transition", 409)
    assert "status" in err.value.fields


def test_a_missing_precondition_is_a_400_precondition_failed_with_the_problems(tree, board):
    started = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.IN_PROGRESS).inspection
    with pytest.raises(ApplicationError) as err:
        transition(started, "report", user=board)
    assert (err.value.code, err.value.status) == ("precondition_failed", 400)
    assert any("báo cáo tự kiểm tra" in problem for problem in err.value.fields["preconditions"])
    assert Inspection.objects.get(pk=started.pk).status == S.IN_PROGRESS


def test_transition_takes_the_step_logs_it_and_dates_it_on_the_effective_day(tree, board):
    draft = walk(tree, board, targets=[tree.q3]).inspection
    transition(draft, "decide", user=board, on=D(2019, 4, 22), note="Quyết định số 01")
    draft.refresh_from_db()
    logged = draft.transitions.get(to_status=S.DECIDED)
    assert draft.status == S.DECIDED and logged.by == board and logged.note == "Quyết định số 01"
    assert timezone.localdate(logged.at) == datetime.date(2019, 4, 22)


def test_allowed_steps_lists_each_offered_step_with_its_label_and_what_blocks_it(tree, board, leader):
    started = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS).inspection
    steps = {step.name: step for step in allowed_steps(started, board)}
    assert set(steps) == {"report", "cancel"}
    assert steps["report"].label == str(S.REPORTING.label)
    assert steps["report"].blocked and "Quận ủy Quận 3" in " ".join(steps["report"].problems)
    assert not steps["cancel"].blocked
    assert all(step.blocked for step in allowed_steps(started, leader))  # reads only


def test_allowed_steps_says_a_joint_inspection_is_read_only_for_one_target(tree, board, q3_inspector):
    joint = walk(tree, board, targets=[tree.q3, tree.cuchi]).inspection
    cancel = next(step for step in allowed_steps(joint, q3_inspector) if step.name == "cancel")
    assert cancel.blocked and "chỉ được xem" in cancel.problems[0]


@pytest.mark.parametrize("viewset", [InspectionViewSet, RequirementViewSet])
def test_every_step_of_the_table_is_an_api_action(viewset):
    actions = {extra.__name__: extra for extra in viewset.get_extra_actions()}
    for step in workflow_for(viewset.workflow_model).steps:
        assert step.name in actions and actions[step.name].url_path == step.url_path
        assert viewset.action_permissions[step.name] == [step.perm]

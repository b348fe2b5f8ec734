import datetime

import pytest

from core.errors import ApplicationError
from inspection import services
from inspection.choices import InspectionStatus, RequirementStatus
from inspection.models import Inspection, InspectionTransition
from inspection.services.inspections import TRANSITIONS

from .factories import ORDER, D, DocumentFactory, topic, walk

pytestmark = pytest.mark.django_db
S = InspectionStatus

ILLEGAL = [(current, target) for current in S for target in services.INSPECTION_STEPS
           if target not in TRANSITIONS[current]]


def test_the_whole_legal_path_is_logged(tree, board):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.CLOSED)
    log = list(out.inspection.transitions.values_list("from_status", "to_status", "by"))
    assert log == [(a, b, board.pk) for a, b in zip(ORDER, ORDER[1:], strict=False)]
    assert out.inspection.actual_start == D(2019, 5, 6)
    assert all(r.status == RequirementStatus.VERIFIED for r in out.requirements.values())


@pytest.mark.parametrize("current, target", ILLEGAL, ids=[f"{c}->{t}" for c, t in ILLEGAL])
def test_every_illegal_transition_is_refused(tree, board, current, target):
    out = walk(tree, board, targets=[tree.q3], status=current)
    before = InspectionTransition.objects.count()
    kwargs = {"note": "lý do"} if target == S.CANCELLED else {}
    with pytest.raises(ApplicationError) as err:
        services.INSPECTION_STEPS[target](user=board, inspection=out.inspection, **kwargs)
    assert err.value.code == "invalid_transition" and err.value.status == 409
    assert str(S(current).label) in err.value.message and str(S(target).label) in err.value.message
    assert Inspection.objects.get(pk=out.inspection.pk).status == current
    assert InspectionTransition.objects.count() == before


def test_decide_needs_documents_team_head_and_dates(tree, board):
    inspection = services.inspection_create(
        user=board, code="KT-X", title="Thiếu hồ sơ", authority=tree.city, conducted_by=tree.city,
        targets=[tree.q3], topics=[topic("admission")])
    with pytest.raises(ApplicationError) as err:
        services.inspection_decide(user=board, inspection=inspection)
    assert (err.value.code, err.value.status) == ("precondition_failed", 400)
    problems = " ".join(err.value.fields["preconditions"])
    for expected in ("quyết định thành lập đoàn", "kế hoạch kiểm tra", "trưởng đoàn", "thời gian kiểm tra",
                     "thời kỳ kiểm tra"):
        assert expected in problems
    inspection.refresh_from_db()
    assert inspection.status == S.DRAFT


def test_reporting_needs_every_self_inspection_report(tree, board):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.IN_PROGRESS)
    services.self_report_receive(user=board, inspection=out.inspection, organization=tree.q3,
                                 received_on=D(2019, 5, 20))
    with pytest.raises(ApplicationError) as err:
        services.inspection_report(user=board, inspection=out.inspection)
    assert "Huyện ủy Củ Chi" in err.value.message and "Quận ủy Quận 3" not in err.value.message


def test_conclude_needs_a_finding_per_target_and_an_issued_notice(tree, board):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING)
    out.findings[tree.cuchi.pk].delete()
    with pytest.raises(ApplicationError) as err:
        services.inspection_conclude(user=board, inspection=out.inspection)
    assert "Huyện ủy Củ Chi" in err.value.message
    assert "Chưa ban hành thông báo kết luận" in err.value.message


def test_issuing_the_notice_needs_findings_too(tree, board):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING)
    out.findings[tree.cuchi.pk].delete()
    conclusion = services.conclusion_create(user=board, inspection=out.inspection, summary="KL",
                                            document=DocumentFactory())
    with pytest.raises(ApplicationError) as err:
        services.conclusion_issue(user=board, conclusion=conclusion)
    assert (err.value.code, err.value.status) == ("precondition_failed", 400)
    out.inspection.refresh_from_db()
    assert out.inspection.status == S.REPORTING


def test_close_waits_for_every_requirement(tree, board):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.FOLLOWING_UP)
    requirement = out.requirements[tree.q3.pk]
    services.progress_report_submit(user=board, requirement=requirement, text="Xong", percent=100)
    services.requirement_verify(user=board, requirement=requirement)
    with pytest.raises(ApplicationError) as err:
        services.inspection_close(user=board, inspection=out.inspection)
    assert "Còn 1 yêu cầu" in err.value.message


def test_follow_up_without_requirements_is_refused_but_close_is_allowed(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, with_requirements=False)
    with pytest.raises(ApplicationError):
        services.inspection_follow_up(user=board, inspection=out.inspection)
    services.inspection_close(user=board, inspection=out.inspection)
    assert out.inspection.status == S.CLOSED


def test_cancel_needs_a_reason(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.DECIDED)
    with pytest.raises(ApplicationError) as err:
        services.inspection_cancel(user=board, inspection=out.inspection, note="  ")
    assert "lý do" in err.value.message


def test_a_leader_cannot_move_an_inspection(tree, board, leader):
    out = walk(tree, board, targets=[tree.q3], status=S.DRAFT)
    with pytest.raises(ApplicationError) as err:
        services.inspection_decide(user=leader, inspection=out.inspection)
    assert err.value.status == 403


def test_targets_are_fixed_after_the_decision(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.DECIDED)
    with pytest.raises(ApplicationError) as err:
        services.inspection_update(user=board, inspection=out.inspection, targets=[tree.q3, tree.cuchi])
    assert err.value.code == "inspection_locked"


def test_concluded_inspection_cannot_be_edited(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.CONCLUDED)
    with pytest.raises(ApplicationError) as err:
        services.inspection_update(user=board, inspection=out.inspection, title="Đổi tên")
    assert err.value.code == "inspection_locked"


def test_duration_and_period_warnings(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.DRAFT)
    inspection = out.inspection
    inspection.decision_document.issued_on = D(2025, 6, 18)  # QĐ 331 in force on the decision's day
    assert inspection.duration_limit_days == 45 and inspection.extended_limit_days == 60
    assert inspection.warnings(today=D(2019, 5, 1)) == []  # 6/5–19/6 is 45 days, period 2018
    inspection.planned_end = D(2019, 6, 25)  # 51 days
    inspection.period_start = D(2013, 1, 1)
    warnings = inspection.warnings(today=D(2019, 5, 1))
    assert any("quá 5 năm" in w for w in warnings)
    assert any("51 ngày, vượt thời hạn 45 ngày" in w for w in warnings)
    inspection.planned_end = D(2019, 7, 10)  # 66 days
    assert any("vượt cả thời hạn đã gia hạn" in w for w in inspection.warnings(today=D(2019, 5, 1)))


def test_durations_judge_only_inspections_decided_under_qd_331(tree, board):
    inspection = walk(tree, board, targets=[tree.q3], status=S.DRAFT).inspection
    inspection.planned_end = D(2019, 7, 10)  # 66 days
    inspection.decision_document.issued_on = D(2025, 6, 17)  # the day before QĐ 331
    assert not any("ngày" in w and "thời hạn" in w for w in inspection.warnings(today=D(2019, 5, 1)))
    inspection.decision_document.issued_on = D(2025, 6, 18)
    assert any("vượt cả thời hạn đã gia hạn" in w for w in inspection.warnings(today=D(2019, 5, 1)))


def test_upper_level_authority_has_twenty_days(tree, board):
    out = walk(tree, board, targets=[tree.q3_ward], status=S.DRAFT)
    out.inspection.authority = tree.q3
    assert out.inspection.duration_limit_days == 20 and out.inspection.extended_limit_days == 26


def test_self_reports_only_from_targets(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    with pytest.raises(ApplicationError) as err:
        services.self_report_receive(user=board, inspection=out.inspection, organization=tree.cuchi,
                                     received_on=datetime.date(2019, 5, 20))
    assert "không thuộc đối tượng" in err.value.message

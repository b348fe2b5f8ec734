"""The Board's decisions in the staff pages (#14), no longer only in the admin:
verify or reopen a requirement, approve or refuse a deadline extension, each
with its effective date, through core.workflow; a refusal says why and keeps
what was typed; a unit reporter is offered none of them."""
import datetime

import pytest
from django.utils import timezone

from inspection import services
from inspection.choices import ExtensionStatus, InspectionStatus, RequirementStatus
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def requirement(tree, board, cuchi_reporter):
    req = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
               deadline=timezone.localdate() + datetime.timedelta(days=30)).requirements[tree.cuchi_commune.pk]
    services.progress_report_submit(user=cuchi_reporter, requirement=req, text="Đã xong.", percent=100)
    req.refresh_from_db()
    assert req.status == RequirementStatus.REPORTED_DONE
    return req


def _day(day):
    return day.strftime("%d/%m/%Y")


def test_verify_with_an_effective_date_then_reopen_with_a_reason(client, board, requirement):
    client.force_login(board)
    page = client.get(f"/requirements/{requirement.pk}/").content.decode()
    assert "Xác nhận hoàn thành" in page and "Yêu cầu khắc phục lại" in page
    yesterday, today = timezone.localdate() - datetime.timedelta(days=1), timezone.localdate()
    early = client.post(f"/requirements/{requirement.pk}/decide/", {"step": "verify", "on": _day(yesterday)})
    assert early.status_code == 400 and "trước bước trước đó" in early.content.decode()  # the report came today
    done = client.post(f"/requirements/{requirement.pk}/decide/", {"step": "verify", "on": _day(today)}, follow=True)
    assert "Đã xác nhận hoàn thành yêu cầu khắc phục." in done.content.decode()
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.VERIFIED
    assert timezone.localtime(requirement.verified_at).date() == today
    refused = client.post(f"/requirements/{requirement.pk}/decide/", {"step": "reopen", "on": ""})
    assert refused.status_code == 400 and "Ghi rõ lý do yêu cầu khắc phục lại." in refused.content.decode()
    client.post(f"/requirements/{requirement.pk}/decide/", {"step": "reopen", "comment": "Chưa có biên bản."})
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.REOPENED


def test_a_future_effective_date_is_refused_beside_the_field(client, board, requirement):
    client.force_login(board)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused = client.post(f"/requirements/{requirement.pk}/decide/",
                          {"step": "verify", "on": _day(tomorrow), "comment": "Giữ nguyên"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "sau hôm nay" in page and "Giữ nguyên" in page
    assert "on" in refused.context["decision_form"].errors
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.REPORTED_DONE


def test_extension_approved_moves_the_deadline_refused_needs_a_reason(client, board, cuchi_reporter, requirement):
    new_deadline = requirement.deadline + datetime.timedelta(days=30)
    first = services.extension_request(user=cuchi_reporter, requirement=requirement, requested_deadline=new_deadline,
                                       reason="Chờ đại hội.")
    client.force_login(board)
    page = client.get(f"/requirements/{requirement.pk}/").content.decode()
    assert "Chấp thuận gia hạn" in page and "Không chấp thuận" in page
    url = f"/requirements/{requirement.pk}/extensions/{first.pk}/decide/"
    refused = client.post(url, {"step": "reject"})
    assert refused.status_code == 400 and "Ghi rõ lý do không chấp thuận." in refused.content.decode()
    client.post(url, {"step": "approve", "on": _day(timezone.localdate())}, follow=True)
    first.refresh_from_db()
    requirement.refresh_from_db()
    assert first.status == ExtensionStatus.APPROVED and requirement.deadline == new_deadline
    again = client.post(url, {"step": "reject", "comment": "Muộn."})
    assert again.status_code == 400  # decided once: the step is no longer offered


def test_reporter_is_offered_no_decision(client, cuchi_reporter, requirement):
    services.extension_request(user=cuchi_reporter, requirement=requirement,
                               requested_deadline=requirement.deadline + datetime.timedelta(days=9), reason="Chờ.")
    client.force_login(cuchi_reporter)
    response = client.get(f"/requirements/{requirement.pk}/")
    page = response.content.decode()
    assert not response.context["decisions"] and "Xác nhận hoàn thành" not in page and "Chấp thuận gia hạn" not in page
    denied = client.post(f"/requirements/{requirement.pk}/decide/", {"step": "verify"})
    assert denied.status_code == 400
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.REPORTED_DONE

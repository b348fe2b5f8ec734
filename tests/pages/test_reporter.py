"""Unit reporters (#15): home with the unit's open requirements, the requirement
page, progress reports with attachments, extension requests, e-mail links."""
import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspection.choices import InspectionStatus
from inspection.models import DeadlineExtension, ProgressReport
from tests.inspection.factories import pdf, walk

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cuchi_requirements(tree, board):
    today = timezone.localdate()
    overdue = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                   deadline=D(2019, 12, 31)).requirements[tree.cuchi_commune.pk]
    soon = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                deadline=today + datetime.timedelta(days=3)).requirements[tree.cuchi_commune.pk]
    later = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                 deadline=today + datetime.timedelta(days=60)).requirements[tree.cuchi_commune.pk]
    walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)
    return overdue, soon, later


def test_home_lists_my_units_open_requirements_by_deadline_with_marks(client, cuchi_reporter, cuchi_requirements):
    client.force_login(cuchi_reporter)
    response = client.get("/")
    rows = [r for r, _badge in response.context["my_requirements"]]
    assert rows == list(cuchi_requirements)
    badges = [badge and badge[0] for _r, badge in response.context["my_requirements"]]
    assert badges == ["Quá hạn", "Đến hạn trong 7 ngày", None]
    assert "Võ Thị Sáu" not in response.content.decode()


def test_requirement_page_shows_text_notice_deadlines_and_forms(client, cuchi_reporter, cuchi_requirements):
    overdue = cuchi_requirements[0]
    client.force_login(cuchi_reporter)
    page = client.get(f"/requirements/{overdue.pk}/").content.decode()
    assert overdue.text in page and "31/12/2019" in page
    assert f"/reports/notices/{overdue.conclusion_id}/pdf/" in page
    assert 'name="percent"' in page and 'name="requested_deadline"' in page and 'multiple' in page


def test_notice_downloads_from_the_page(client, cuchi_reporter, cuchi_requirements):
    client.force_login(cuchi_reporter)
    response = client.get(f"/reports/notices/{cuchi_requirements[0].conclusion_id}/docx/")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_submit_a_report_with_several_attachments(client, cuchi_reporter, cuchi_requirements):
    requirement = cuchi_requirements[0]
    client.force_login(cuchi_reporter)
    response = client.post(f"/requirements/{requirement.pk}/report/", {
        "text": "Đã tổ chức kiểm điểm.", "percent": 60, "files": [pdf("a.pdf"), pdf("b.pdf")]})
    assert response.status_code == 302 and response["Location"] == f"/requirements/{requirement.pk}/"
    report = ProgressReport.objects.get(requirement=requirement)
    assert report.percent == 60 and report.attachments.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Đã tổ chức kiểm điểm." in page and "a.pdf" in page
    attachment = report.attachments.first()
    assert client.get(f"/requirements/attachments/{attachment.pk}/").status_code == 200


def test_a_bad_file_is_refused_beside_the_field_and_nothing_is_saved(client, cuchi_reporter, cuchi_requirements):
    requirement = cuchi_requirements[0]
    client.force_login(cuchi_reporter)
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"/requirements/{requirement.pk}/report/", {
        "text": "Nội dung đã gõ", "percent": 50, "files": [pdf("a.pdf"), fake]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "bien-ban.pdf" in page and "Nội dung đã gõ" in page
    assert not ProgressReport.objects.exists()


def test_extension_request_and_a_refused_date_beside_its_field(client, cuchi_reporter, cuchi_requirements):
    requirement = cuchi_requirements[2]
    client.force_login(cuchi_reporter)
    url = f"/requirements/{requirement.pk}/extension/"
    refused = client.post(url, {"requested_deadline": requirement.deadline.strftime("%d/%m/%Y"), "reason": "Lý do"})
    assert refused.status_code == 400 and "Phải sau thời hạn hiện hành." in refused.content.decode()
    wanted = requirement.deadline + datetime.timedelta(days=30)
    response = client.post(url, {"requested_deadline": wanted.strftime("%d/%m/%Y"), "reason": "Chờ đại hội."})
    assert response.status_code == 302
    assert DeadlineExtension.objects.get(requirement=requirement).requested_deadline == wanted


def test_other_units_requirement_is_a_404(client, tree, board, cuchi_reporter):
    other = walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)
    requirement = other.requirements[tree.q3_ward.pk]
    client.force_login(cuchi_reporter)
    assert client.get(f"/requirements/{requirement.pk}/").status_code == 404
    assert client.post(f"/requirements/{requirement.pk}/report/", {"text": "x", "percent": 1}).status_code == 404
    assert client.get(f"/reports/notices/{requirement.conclusion_id}/pdf/").status_code == 404


def test_deadline_mails_link_to_the_requirement_page(tree, board, make_user, settings):
    from organizations.choices import Role
    from reports.notifications import notify_requirement_deadlines

    settings.SITE_URL = "https://kiemtra.example"
    make_user(Role.REPORTER, [tree.cuchi], email="baocao@cuchi.local")
    requirement = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                       deadline=D(2019, 6, 30)).requirements[tree.cuchi_commune.pk]
    notify_requirement_deadlines(day=D(2019, 6, 23))
    reminder = next(m for m in mail.outbox if "baocao@cuchi.local" in m.to)
    assert f"https://kiemtra.example/requirements/{requirement.pk}/" in reminder.body

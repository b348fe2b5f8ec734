import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from inspection import services
from inspection.choices import ExtensionStatus, InspectionStatus, RequirementEventKind, RequirementStatus
from inspection.models import (
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    ProgressAttachment,
    ProgressReport,
    RemediationRequirement,
)
from inspection.selectors import requirement_timeline
from inspection.tasks import refresh_overdue

from .factories import PDF, PNG, D, DocumentFactory, pdf, walk

pytestmark = pytest.mark.django_db
S = InspectionStatus
R = RequirementStatus


@pytest.fixture
def joint(tree, board):
    """A concluded joint inspection of Quận 3 and Củ Chi, with one requirement each."""
    return walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.FOLLOWING_UP, deadline=D(2030, 12, 31))


# --- frozen conclusions ------------------------------------------------------------
def test_an_issued_conclusion_is_frozen_for_services(joint, board, tree):
    conclusion = joint.conclusion
    for call in (
        lambda: services.conclusion_update(user=board, conclusion=conclusion, summary="Sửa"),
        lambda: services.conclusion_delete(user=board, conclusion=conclusion),
        lambda: services.requirement_create(user=board, conclusion=conclusion, organization=tree.q3, text="Thêm",
                                            deadline=D(2030, 1, 1)),
        lambda: services.requirement_update(user=board, requirement=joint.requirements[tree.q3.pk], text="Sửa"),
        lambda: services.requirement_delete(user=board, requirement=joint.requirements[tree.q3.pk]),
    ):
        with pytest.raises(ApplicationError) as err:
            call()
        assert err.value.code == "conclusion_frozen" and err.value.status == 409
        assert "thông báo đính chính" in err.value.message
    conclusion.refresh_from_db()
    assert conclusion.summary == "Kết luận chung."


def test_an_issued_conclusion_is_frozen_at_model_level(joint, tree):
    conclusion = Conclusion.objects.get(pk=joint.conclusion.pk)
    conclusion.summary = "Sửa qua shell"
    with pytest.raises(ApplicationError):
        conclusion.save()
    with pytest.raises(ApplicationError):
        conclusion.delete()
    section = ConclusionSection.objects.filter(conclusion=conclusion).first()
    section.text = "Sửa"
    with pytest.raises(ApplicationError):
        section.save()
    requirement = RemediationRequirement.objects.get(pk=joint.requirements[tree.q3.pk].pk)
    requirement.text = "Sửa nội dung"
    with pytest.raises(ApplicationError):
        requirement.save()
    with pytest.raises(ApplicationError), transaction.atomic():
        requirement.findings.clear()
    assert requirement.findings.count() == 1
    assert Conclusion.objects.get(pk=conclusion.pk).summary == "Kết luận chung."
    # Status and priority are not part of the notice: the services may still move them.
    requirement.refresh_from_db()
    requirement.priority = "high"
    requirement.save()


def test_a_correction_is_a_new_linked_notice(joint, board):
    correction = services.conclusion_correct(user=board, conclusion=joint.conclusion, summary="Đính chính")
    assert correction.corrects == joint.conclusion and correction.status == "draft"
    assert correction.sections.count() == 2
    services.conclusion_update(user=board, conclusion=correction, document=DocumentFactory())
    services.conclusion_issue(user=board, conclusion=correction)
    correction.refresh_from_db()
    assert correction.status == "issued"
    assert list(joint.conclusion.corrections.all()) == [correction]
    assert Conclusion.objects.get(pk=joint.conclusion.pk).summary == "Kết luận chung."


# --- progress reports and verification ------------------------------------------------
def test_unit_reporter_reports_and_the_board_verifies(joint, tree, board, cuchi_reporter):
    requirement = joint.requirements[tree.cuchi.pk]
    services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Đang làm", percent=40)
    assert requirement.status == R.IN_PROGRESS
    report = services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Xong",
                                             percent=100, files=[pdf()])
    assert requirement.status == R.REPORTED_DONE
    assert report.attachments.get().sha256 == hashlib.sha256(PDF).hexdigest()
    services.requirement_verify(user=board, requirement=requirement, comment="Đạt")
    requirement.refresh_from_db()
    assert requirement.status == R.VERIFIED and requirement.verified_by == board
    with pytest.raises(ApplicationError):
        services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Thêm", percent=100)


def test_a_reporter_cannot_touch_another_units_requirement(joint, tree, q3_reporter):
    requirement = joint.requirements[tree.cuchi.pk]
    with pytest.raises(ApplicationError) as err:
        services.progress_report_submit(user=q3_reporter, requirement=requirement, text="Không phải của tôi",
                                        percent=100)
    assert err.value.code == "out_of_scope" and err.value.status == 403
    with pytest.raises(ApplicationError):
        services.extension_request(user=q3_reporter, requirement=requirement, requested_deadline=D(2031, 1, 1),
                                   reason="x")
    assert not ProgressReport.objects.exists() and not DeadlineExtension.objects.exists()
    assert requirement not in RemediationRequirement.objects.for_user(q3_reporter)


def test_a_subordinate_responsible_organization_can_report(tree, board, make_user):
    from organizations.choices import Role

    out = walk(tree, board, targets=[tree.cuchi], status=S.REPORTING)
    conclusion = services.conclusion_create(user=board, inspection=out.inspection, summary="KL",
                                            document=DocumentFactory())
    requirement = services.requirement_create(user=board, conclusion=conclusion, organization=tree.cuchi,
                                              responsible_organization=tree.cuchi_commune, text="Xã khắc phục",
                                              deadline=D(2030, 1, 1))
    services.conclusion_issue(user=board, conclusion=conclusion)
    commune_reporter = make_user(role=Role.REPORTER, organizations=[tree.cuchi_commune])
    assert requirement in RemediationRequirement.objects.for_user(commune_reporter)
    services.progress_report_submit(user=commune_reporter, requirement=requirement, text="Đã làm", percent=50)
    with pytest.raises(ApplicationError):
        services.requirement_create(user=board, conclusion=conclusion, organization=tree.cuchi,
                                    responsible_organization=tree.q3, text="Sai", deadline=D(2030, 1, 1))


def test_the_board_only_verifies_reported_requirements_and_reopens_with_a_reason(joint, tree, board, cuchi_reporter):
    requirement = joint.requirements[tree.cuchi.pk]
    with pytest.raises(ApplicationError) as err:
        services.requirement_verify(user=board, requirement=requirement)
    assert err.value.code == "invalid_transition"
    services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Xong", percent=100)
    with pytest.raises(ApplicationError):
        services.requirement_verify(user=cuchi_reporter, requirement=requirement)
    with pytest.raises(ApplicationError):
        services.requirement_reopen(user=board, requirement=requirement, comment="")
    services.requirement_reopen(user=board, requirement=requirement, comment="Thiếu minh chứng")
    assert requirement.status == R.REOPENED


# --- deadline extensions ----------------------------------------------------------------
def test_extension_keeps_the_original_deadline(joint, tree, board, cuchi_reporter):
    requirement = joint.requirements[tree.cuchi.pk]
    first = services.extension_request(user=cuchi_reporter, requirement=requirement,
                                       requested_deadline=D(2031, 6, 30), reason="Đại hội")
    with pytest.raises(ApplicationError) as err:
        services.extension_request(user=cuchi_reporter, requirement=requirement, requested_deadline=D(2031, 9, 30),
                                   reason="Lần nữa")
    assert err.value.code == "duplicate"
    services.extension_decide(user=board, extension=first, approve=True, note="Đồng ý")
    requirement.refresh_from_db()
    assert (requirement.original_deadline, requirement.deadline) == (D(2030, 12, 31), D(2031, 6, 30))
    second = services.extension_request(user=cuchi_reporter, requirement=requirement,
                                        requested_deadline=D(2032, 6, 30), reason="Lần hai")
    assert second.previous_deadline == D(2031, 6, 30)
    with pytest.raises(ApplicationError):
        services.extension_decide(user=board, extension=second, approve=False, note="")
    services.extension_decide(user=board, extension=second, approve=False, note="Không có lý do chính đáng")
    requirement.refresh_from_db()
    assert requirement.deadline == D(2031, 6, 30) and requirement.original_deadline == D(2030, 12, 31)
    assert second.status == ExtensionStatus.REJECTED
    with pytest.raises(ApplicationError):
        services.extension_decide(user=board, extension=second, approve=True)
    with pytest.raises(ApplicationError) as err:
        services.extension_request(user=cuchi_reporter, requirement=requirement, requested_deadline=D(2031, 1, 1),
                                   reason="Sớm hơn")
    assert "requested_deadline" in err.value.fields


def test_a_reporter_cannot_decide_an_extension(joint, tree, cuchi_reporter):
    extension = services.extension_request(user=cuchi_reporter, requirement=joint.requirements[tree.cuchi.pk],
                                           requested_deadline=D(2031, 6, 30), reason="x")
    with pytest.raises(ApplicationError) as err:
        services.extension_decide(user=cuchi_reporter, extension=extension, approve=True)
    assert err.value.status == 403


# --- overdue -----------------------------------------------------------------------------
def test_overdue_is_stored_by_services_and_refreshed_by_the_task(tree, board, cuchi_reporter):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.FOLLOWING_UP, deadline=D(2019, 12, 31))
    q3, cuchi = (RemediationRequirement.objects.get(pk=out.requirements[org.pk].pk) for org in (tree.q3, tree.cuchi))
    assert q3.is_overdue and cuchi.is_overdue  # issued with a past deadline
    services.progress_report_submit(user=cuchi_reporter, requirement=cuchi, text="Xong", percent=100)
    assert not RemediationRequirement.objects.get(pk=cuchi.pk).is_overdue  # waiting for the Board now
    # Date rollover: a deadline that was in the future is now past; the stored flag lags until the task runs.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RemediationRequirement.objects.filter(pk=q3.pk).update(deadline=yesterday, original_deadline=yesterday,
                                                           is_overdue=False)
    assert list(RemediationRequirement.objects.filter(is_overdue=True)) == []
    assert refresh_overdue.delay(ids=[q3.pk]).get() == 1
    assert list(RemediationRequirement.objects.filter(is_overdue=True)) == [q3]
    assert refresh_overdue.delay().get() == 0  # safe to run twice


def test_draft_requirements_are_never_overdue(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.REPORTING)
    conclusion = services.conclusion_create(user=board, inspection=out.inspection, summary="KL")
    requirement = services.requirement_create(user=board, conclusion=conclusion, organization=tree.q3, text="x",
                                              deadline=D(2019, 1, 1))
    services.requirements_refresh_overdue()
    requirement.refresh_from_db()
    assert not requirement.is_overdue


# --- timeline --------------------------------------------------------------------------
def test_timeline_is_one_query(joint, tree, board, cuchi_reporter, django_assert_num_queries):
    requirement = joint.requirements[tree.cuchi.pk]
    extension = services.extension_request(user=cuchi_reporter, requirement=requirement,
                                           requested_deadline=D(2031, 6, 30), reason="Đại hội")
    services.extension_decide(user=board, extension=extension, approve=True)
    services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Xong", percent=100)
    services.requirement_verify(user=board, requirement=requirement)
    with django_assert_num_queries(1):
        events = [(e.kind, e.by.username if e.by else None) for e in requirement_timeline(requirement=requirement)]
    K = RequirementEventKind
    assert [kind for kind, _ in events] == [K.CREATED, K.ISSUED, K.EXTENSION_REQUESTED, K.EXTENSION_APPROVED,
                                            K.PROGRESS_REPORTED, K.VERIFIED]
    assert events[2][1] == cuchi_reporter.username and events[-1][1] == board.username


# --- attachments ---------------------------------------------------------------------------
@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "chỉ nhận các loại DOCX, JPG, PDF, PNG, XLSX"),
    (SimpleUploadedFile("anh.pdf", PNG), "không phải là tệp PDF hợp lệ"),
    (SimpleUploadedFile("bang.xlsx", b"PK\x03\x04not-a-real-zip"), "không phải là tệp XLSX hợp lệ"),
    (SimpleUploadedFile("khong-duoi", PDF), "không được chấp nhận"),
])
def test_attachments_rejected_by_type(joint, tree, cuchi_reporter, upload, message):
    requirement = joint.requirements[tree.cuchi.pk]
    with pytest.raises(ApplicationError) as err:
        services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="Kèm tệp", percent=50,
                                        files=[pdf(), upload])
    assert message in err.value.message
    # All or nothing: neither the report nor the good file stayed.
    assert not ProgressReport.objects.exists() and not ProgressAttachment.objects.exists()
    requirement.refresh_from_db()
    assert requirement.status == R.OPEN


def test_attachments_rejected_by_size(joint, tree, cuchi_reporter, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048)
    with pytest.raises(ApplicationError) as err:
        services.progress_report_submit(user=cuchi_reporter, requirement=joint.requirements[tree.cuchi.pk],
                                        text="Tệp lớn", percent=50, files=[big])
    assert "vượt giới hạn 1 KB" in err.value.message
    assert not ProgressReport.objects.exists()


def test_a_real_docx_is_accepted(joint, tree, cuchi_reporter):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    report = services.progress_report_submit(
        user=cuchi_reporter, requirement=joint.requirements[tree.cuchi.pk], text="Word", percent=30,
        files=[SimpleUploadedFile("bao-cao.docx", buffer.getvalue())])
    assert report.attachments.get().content_type.endswith("wordprocessingml.document")

import pytest

from core.errors import ApplicationError
from inspection import services
from inspection.choices import FindingKind, InspectionStatus, Severity
from inspection.models import Finding, FindingEvidence
from inspection.selectors import recurring_limitations

from .factories import D, pdf, topic, walk

pytestmark = pytest.mark.django_db
S = InspectionStatus


def limitation(user, out, org, text, tags, code="quality_rating"):
    return services.finding_create(user=user, inspection=out.inspection, organization=org, topic=topic(code),
                                   kind=FindingKind.LIMITATION, severity=Severity.MODERATE, text=text, tags=tags)


def test_finding_must_concern_a_target_and_a_topic_of_the_inspection(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    with pytest.raises(ApplicationError) as err:
        limitation(board, out, tree.cuchi, "Sai tổ chức", [])
    assert "organization" in err.value.fields
    with pytest.raises(ApplicationError) as err:
        limitation(board, out, tree.q3, "Sai nội dung", [], code="training")
    assert "topic" in err.value.fields


def test_severity_only_for_limitations(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    with pytest.raises(ApplicationError) as err:
        services.finding_create(user=board, inspection=out.inspection, organization=tree.q3, topic=topic(),
                                kind=FindingKind.LIMITATION, text="Thiếu mức độ")
    assert "severity" in err.value.fields
    with pytest.raises(ApplicationError):
        services.finding_create(user=board, inspection=out.inspection, organization=tree.q3, topic=topic(),
                                kind=FindingKind.STRENGTH, severity=Severity.MINOR, text="Ưu điểm có mức độ")


@pytest.mark.parametrize("status", [S.DRAFT, S.DECIDED, S.CONCLUDED])
def test_findings_are_written_only_while_the_team_works(tree, board, status):
    out = walk(tree, board, targets=[tree.q3], status=status)
    with pytest.raises(ApplicationError) as err:
        limitation(board, out, tree.q3, "Muộn", [])
    assert err.value.code == "findings_frozen" and err.value.status == 409


def test_findings_of_a_concluded_inspection_are_frozen(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.CONCLUDED)
    finding = out.findings[tree.q3.pk]
    with pytest.raises(ApplicationError):
        services.finding_update(user=board, finding=finding, text="Sửa sau kết luận")
    with pytest.raises(ApplicationError):
        services.finding_delete(user=board, finding=finding)
    finding.refresh_from_db()
    assert finding.text.startswith("Tinh thần tự phê bình")


def test_text_search_ignores_diacritics(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    wanted = limitation(board, out, tree.q3, "Đảng viên trẻ ít tham gia phát biểu ý kiến", [])
    limitation(board, out, tree.q3, "Cơ cấu kết nạp chưa đều", [])
    assert list(Finding.objects.search("dang vien tre it phat bieu")) == [wanted]
    assert list(Finding.objects.search("ĐẢNG VIÊN TRẺ")) == [wanted]


def test_tags_are_normalised(tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    finding = limitation(board, out, tree.q3, "x", ["Tự phê bình yếu", "tu-phe-binh-yeu"])
    assert list(finding.tags.values_list("slug", flat=True)) == ["tu-phe-binh-yeu"]


def test_recurring_limitations_across_organizations_and_years(tree, board, q3_inspector):
    one = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING, code="KT-2019")  # tagged on both
    later = walk(tree, board, targets=[tree.q3_ward], status=S.IN_PROGRESS, code="KT-2021")
    later.inspection.year = 2021
    later.inspection.save()
    limitation(board, later, tree.q3_ward, "Lại tự phê bình yếu", ["tu-phe-binh-yeu"])
    limitation(board, later, tree.q3_ward, "Chỉ một lần", ["chi-mot-lan"])
    assert one.inspection.year == 2019
    rows = list(recurring_limitations(user=board))
    assert rows == [{"topic__code": "quality_rating", "topic__name": topic().name, "tags__slug": "tu-phe-binh-yeu",
                     "tags__name": "tu-phe-binh-yeu", "organizations": 3, "years": 2, "findings": 3}]
    assert list(recurring_limitations(user=board, min_organizations=4)) == []
    assert [r["tags__slug"] for r in recurring_limitations(user=board, min_organizations=9, min_years=2)] == [
        "tu-phe-binh-yeu"]
    assert [r["organizations"] for r in recurring_limitations(user=board, years=[2019])] == [2]
    # A Quận 3 user counts only Quận 3's subtree: the ward and the district.
    assert [r["organizations"] for r in recurring_limitations(user=q3_inspector)] == [2]


def test_evidence_links_a_record_of_the_same_organization(tree, board):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.IN_PROGRESS)
    q3_report = services.self_report_receive(user=board, inspection=out.inspection, organization=tree.q3,
                                             received_on=D(2019, 5, 20))
    cuchi_report = services.self_report_receive(user=board, inspection=out.inspection, organization=tree.cuchi,
                                                received_on=D(2019, 5, 20))
    finding = limitation(board, out, tree.q3, "Có chứng cứ", [])
    evidence = services.finding_add_evidence(user=board, finding=finding,
                                             record_type="inspection.selfinspectionreport", record_id=q3_report.pk)
    assert evidence.record == q3_report
    with pytest.raises(ApplicationError) as err:
        services.finding_add_evidence(user=board, finding=finding, record_type="inspection.selfinspectionreport",
                                      record_id=cuchi_report.pk)
    assert "Quận ủy Quận 3" in err.value.message
    with pytest.raises(ApplicationError) as err:
        services.finding_add_evidence(user=board, finding=finding, record_type="organizations.user", record_id=1)
    assert "không được dùng làm chứng cứ" in err.value.message
    assert FindingEvidence.objects.count() == 1


def test_evidence_outside_the_users_scope_is_not_found(tree, board, q3_inspector):
    out = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.IN_PROGRESS)
    cuchi_report = services.self_report_receive(user=board, inspection=out.inspection, organization=tree.cuchi,
                                                received_on=D(2019, 5, 20))
    finding = limitation(board, out, tree.q3, "x", [])
    with pytest.raises(ApplicationError) as err:
        services.finding_add_evidence(user=q3_inspector, finding=finding,
                                      record_type="inspection.selfinspectionreport", record_id=cuchi_report.pk)
    assert err.value.status == 404


def test_attachment_is_hashed(tree, board):
    import hashlib

    from .factories import PDF

    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    finding = limitation(board, out, tree.q3, "x", [])
    attachment = services.finding_add_attachment(user=board, finding=finding, file=pdf())
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (attachment.size, attachment.content_type, attachment.original_name) == (
        len(PDF), "application/pdf", "bao-cao.pdf")

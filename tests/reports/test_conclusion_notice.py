"""GET /api/v1/conclusions/{id}/notice/{docx|pdf}/: the notice of 3150-TB/TU
shaped data, opened back; scope and permissions."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspection.choices import DocumentType, FindingKind, Severity
from inspection.models import InspectionTarget, Topic
from organizations.choices import Role
from reports.rendering import vietnamese_date
from tests.inspection.factories import DocumentFactory

from .factories import D, issued
from .test_rendering import docx_text, pdf_text

pytestmark = pytest.mark.django_db

REQUIREMENT = ("Định kỳ rà soát các tiêu chuẩn, điều kiện đối với cán bộ đã được phê duyệt quy hoạch để kịp thời đào "
               "tạo, bồi dưỡng, luân chuyển, điều động để đáp ứng nhu cầu cán bộ khi tiến hành bổ nhiệm.")
LIMITATION = "Tỷ lệ tổ chức đảng được xếp loại “Hoàn thành xuất sắc nhiệm vụ” thực hiện chưa đúng quy định."
STRENGTH = "Quan tâm thường xuyên chỉ đạo về nâng cao chất lượng sinh hoạt chi bộ."
CUCHI_ONLY = "Cơ cấu đảng viên được kết nạp chưa đều ở Củ Chi."
DATE_LINE = "Thành phố Hồ Chí Minh, ngày 29 tháng 3 năm 2019"


SIGNER = {"signer_on_behalf": "T/M BAN THƯỜNG VỤ", "signer_position": "PHÓ BÍ THƯ THƯỜNG TRỰC",
          "signer_name": "Nguyễn Văn Hiếu"}
BASIS = ("Thực hiện Chương trình kiểm tra, giám sát năm 2019 của Ban Thường vụ Thành ủy (theo Thông báo số "
         "01-TB/TU ngày 05/02/2019) và Quyết định số 12-QĐ/BTCTU ngày 02/3/2019 của Ban Tổ chức Thành ủy")
SUBJECTS = "đối với Ban Thường vụ Quận ủy Quận 3, Ban Thường vụ Huyện ủy Củ Chi."
CONCLUDING = "Xét báo cáo kết quả kiểm tra của Đoàn kiểm tra, Ban Thường vụ Thành ủy kết luận như sau:"


@pytest.fixture
def notice(tree, board):
    """A joint inspection of Quận 3 and Củ Chi, item of the Standing Board's 2019 program (given by a
    notice of 05/02/2019), decided by the Board on 02/3/2019, concluded by Notice 3150-TB/TU of 29/3/2019."""
    from inspection import services
    from organizations.choices import OrganizationKind
    from tests.factories import OrganizationFactory

    topic = Topic.objects.get(code="quality_rating")
    tree.city.issuer_code = "TU"
    tree.city.save()
    board_org = OrganizationFactory(name="Ban Tổ chức Thành ủy", code="btc", kind=OrganizationKind.ADVISORY_BOARD,
                                    parent=tree.city, issuer_code="BTCTU")
    program = services.program_create(
        user=board, authority=tree.city, year=2019, title="Chương trình công tác năm 2019 (phần do Ban chủ trì)",
        basis_document=DocumentFactory(issuer=tree.city, number=1, issued_on=D(2019, 2, 5)),
        items=[{"order": 1, "topic": topic, "title": "Kiểm tra xếp loại", "responsible": board_org,
                "planned_start": D(2019, 3, 1), "planned_end": D(2019, 3, 31), "target_organizations": [tree.q3]}])
    decision = DocumentFactory(issuer=board_org, issuer_code="BTCTU", doc_type=DocumentType.QD, number=12,
                               issued_on=D(2019, 3, 2))
    document = DocumentFactory(doc_type=DocumentType.TB, issuer_code="TU", number=3150, issued_on=D(2019, 3, 29),
                               signer_title="T/M BAN THƯỜNG VỤ")
    findings = [{"organization": org, "topic": topic, "kind": FindingKind.STRENGTH, "text": STRENGTH}
                for org in (tree.q3, tree.cuchi)]
    findings += [{"organization": org, "topic": topic, "kind": FindingKind.LIMITATION, "severity": Severity.SERIOUS,
                  "text": LIMITATION} for org in (tree.q3, tree.cuchi)]
    findings.append({"organization": tree.cuchi, "topic": topic, "kind": FindingKind.LIMITATION,
                     "severity": Severity.MINOR, "text": CUCHI_ONLY})
    _inspection, conclusion, _requirements = issued(
        tree, board, targets=[tree.q3, tree.cuchi], issued_on=D(2019, 3, 29), document=document, findings=findings,
        program_item=program.items.get(), decision_document=decision, signer=SIGNER,
        sections=[(tree.q3, "Ban Thường vụ Quận ủy Quận 3 thực hiện các yêu cầu nêu trong Thông báo này."),
                  (tree.cuchi, "Ban Thường vụ Huyện ủy Củ Chi khắc phục cơ cấu kết nạp.")],
        requirements=[(tree.q3, REQUIREMENT, D(2019, 12, 31)), (tree.cuchi, REQUIREMENT, D(2019, 12, 31)),
                      (tree.cuchi, "Khắc phục cơ cấu kết nạp ở Củ Chi.", D(2020, 3, 31))])
    return conclusion


def get(api, user, conclusion, fmt="docx"):
    return api.as_user(user).get(f"/api/v1/conclusions/{conclusion.pk}/notice/{fmt}/")


def test_docx_notice_reads_like_the_signed_one(api, board, notice):
    response = get(api, board, notice)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="thong-bao-ket-luan-3150-tb-tu.docx"' in response["Content-Disposition"]
    text, document = docx_text(response.content)
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "*", "Số 3150-TB/TU"]
    assert [p.text for p in right.paragraphs] == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", DATE_LINE]
    assert "THÔNG BÁO KẾT LUẬN" in text
    assert text.index("I. ƯU ĐIỂM") < text.index("II. HẠN CHẾ, KHUYẾT ĐIỂM") < text.index(
        "III. KẾT LUẬN ĐỐI VỚI TỪNG ĐƠN VỊ") < text.index("IV. YÊU CẦU KHẮC PHỤC")
    assert f"- {LIMITATION}" in text  # found in both: said once, for all
    assert "- Cơ cấu đảng viên được kết nạp chưa đều ở Củ Chi (Huyện ủy Củ Chi)." in text
    requirements = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert requirements[1:] == [["1", "Các đơn vị được kiểm tra", REQUIREMENT, "31/12/2019"],
                                ["2", "Huyện ủy Củ Chi", "Khắc phục cơ cấu kết nạp ở Củ Chi.", "31/03/2020"]]
    signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs]
    assert signature[:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"] and signature[-1] == "Nguyễn Văn Hiếu"
    assert "- Ban Thường vụ Huyện ủy Củ Chi," in text


def test_the_notice_opens_with_its_basis_and_concludes_through_the_standing_board(api, board, notice):
    text, document = docx_text(get(api, board, notice).content)
    paragraphs = [p.text for p in document.paragraphs]
    opening = next(p for p in paragraphs if p.startswith("Thực hiện"))
    assert opening.startswith(BASIS + ", từ ngày 06/5/2019 đến ngày 29/3/2019, Đoàn kiểm tra của ")
    assert opening.endswith(SUBJECTS)
    assert paragraphs[paragraphs.index(opening) + 1] == CONCLUDING
    assert "Thành ủy Thành phố Hồ Chí Minh kết luận" not in text
    issuer = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert issuer.text == "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH" and issuer.runs[0].bold  # the issuing committee, bold

    pdf, _reader = pdf_text(get(api, board, notice, "pdf").content)
    for expected in [BASIS, SUBJECTS, CONCLUDING, "PHÓ BÍ THƯ THƯỜNG TRỰC", "Nguyễn Văn Hiếu"]:
        assert expected in pdf


def test_pdf_notice_extracts_back_with_its_diacritics(api, board, notice):
    response = get(api, board, notice, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, _reader = pdf_text(response.content)
    for expected in ["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 3150-TB/TU", DATE_LINE,
                     "THÔNG BÁO KẾT LUẬN", LIMITATION, "Định kỳ rà soát các tiêu chuẩn", "T/M BAN THƯỜNG VỤ"]:
        assert expected in text
    assert re.search(r"ngày \d{2} tháng \d{1,2} năm \d{4}", text)


def test_a_draft_notice_has_a_blank_number_for_signature(api, tree, board):
    from inspection import services
    from inspection.choices import InspectionStatus
    from tests.inspection.factories import walk

    tree.city.issuer_code = "TU"
    tree.city.save()
    inspection = walk(tree, board, targets=[tree.q3], status=InspectionStatus.REPORTING).inspection
    draft = services.conclusion_create(user=board, inspection=inspection, summary="Dự thảo kết luận.")
    response = get(api, board, draft)
    assert response.status_code == 200
    _text, document = docx_text(response.content)
    number = document.tables[0].rows[0].cells[0].paragraphs[-1].text
    assert re.fullmatch(r"Số \s+-TB/TU", number), number
    assert vietnamese_date(timezone.localdate()) in document.tables[0].rows[0].cells[1].paragraphs[-1].text


def test_a_joint_notice_shows_each_unit_only_its_part(api, tree, make_user, notice):
    q3 = make_user(Role.INSPECTOR, [tree.q3])
    text, document = docx_text(get(api, q3, notice).content)
    assert "Củ Chi" not in text
    assert f"- {LIMITATION}" in text
    requirements = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert requirements[1:] == [["1", "Quận ủy Quận 3", REQUIREMENT, "31/12/2019"]]
    assert "Ban Thường vụ Quận ủy Quận 3 thực hiện các yêu cầu nêu trong Thông báo này." in text


def test_scope_and_permissions(api, tree, board, make_user, notice):
    from rest_framework.test import APIClient

    q3_user = make_user(Role.LEADER, [tree.q3])
    cuchi_only = issued(tree, board, targets=[tree.cuchi], issued_on=D(2019, 4, 1), requirements=[])[1]
    assert get(api, q3_user, notice).status_code == 200  # a leader reads
    assert get(api, q3_user, cuchi_only).status_code == 404  # another subtree
    assert get(api, q3_user, cuchi_only, "pdf").status_code == 404
    assert api.as_user(board).get(f"/api/v1/conclusions/{notice.pk}/notice/xlsx/").status_code == 404
    assert api.as_user(board).get("/api/v1/conclusions/999999/notice/docx/").status_code == 404
    inactive = make_user(Role.INSPECTOR, [tree.city], is_active=False)
    assert get(api, inactive, notice).status_code in (401, 403)
    assert APIClient().get(f"/api/v1/conclusions/{notice.pk}/notice/docx/").status_code in (401, 403)


def test_the_notice_costs_the_same_queries_for_more_findings_and_requirements(api, tree, board, notice):
    from inspection import services
    from inspection.choices import InspectionStatus
    from tests.inspection.factories import walk

    def measure(conclusion):
        get(api, board, conclusion)  # the user's permissions are cached after the first request
        with CaptureQueriesContext(connection) as ctx:
            assert get(api, board, conclusion).status_code == 200
        return len(ctx.captured_queries)

    small = walk(tree, board, targets=[tree.q3], status=InspectionStatus.REPORTING).inspection
    small_draft = services.conclusion_create(user=board, inspection=small, summary="Kết luận.")
    services.requirement_create(user=board, conclusion=small_draft, organization=tree.q3, text="Một yêu cầu.",
                                deadline=D(2019, 12, 31))
    assert measure(small_draft) == measure(notice)


def test_the_opening_leaves_out_what_is_not_recorded(tree):
    from inspection.models import Inspection
    from reports.builders.conclusion_notice import opening

    inspection = Inspection(code="KT-X", title="Kiểm tra việc xếp loại chất lượng", authority=tree.city,
                            conducted_by=tree.city)
    targets = [InspectionTarget(organization=tree.q3), InspectionTarget(organization=tree.q3_cell)]
    first, concluding = opening(inspection, tree.city, targets)
    assert first == ("Đoàn kiểm tra của Thành ủy Thành phố Hồ Chí Minh đã tiến hành kiểm tra việc xếp loại chất "
                     "lượng đối với Ban Thường vụ Quận ủy Quận 3, Chi bộ Khu phố 1.")  # a cell has no standing board
    assert concluding == CONCLUDING

    inspection.decision_document = DocumentFactory(issuer=tree.q3, issuer_code="QU", doc_type=DocumentType.QD,
                                                   number=7, issued_on=D(2019, 1, 9))
    inspection.actual_start = D(2019, 4, 1)
    first, _concluding = opening(inspection, tree.city, targets[:1])
    assert first == ("Thực hiện Quyết định số 07-QĐ/QU ngày 09/01/2019 của Ban Thường vụ Quận ủy Quận 3, từ ngày "
                     "01/4/2019, Đoàn kiểm tra của Thành ủy Thành phố Hồ Chí Minh đã tiến hành kiểm tra việc xếp "
                     "loại chất lượng đối với Ban Thường vụ Quận ủy Quận 3.")
    for text in (first, _concluding):
        assert "None" not in text and ", ," not in text and "Thực hiện ," not in text


def test_the_signer_is_chosen_when_the_notice_is_issued(api, tree, board):
    from inspection import services
    from inspection.choices import InspectionStatus
    from tests.inspection.factories import walk

    inspection = walk(tree, board, targets=[tree.q3], status=InspectionStatus.REPORTING).inspection
    draft = services.conclusion_create(user=board, inspection=inspection, summary="Kết luận chung.",
                                       document=DocumentFactory(signer_title="T/M BAN THƯỜNG VỤ"))
    client = api.as_user(board)
    response = client.post(f"/api/v1/conclusions/{draft.pk}/issue/", {
        "signer_position": "PHÓ BÍ THƯ THƯỜNG TRỰC", "signer_name": "Trần Văn Nam"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["signer_on_behalf"], body["signer_position"], body["signer_name"]) == (
        "issued", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Trần Văn Nam")
    _text, document = docx_text(get(api, board, draft).content)
    assert [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs][:2] == [
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]
    assert document.tables[-1].rows[0].cells[1].paragraphs[-1].text == "Trần Văn Nam"
    # frozen with the notice: the signer is not edited afterwards
    client.patch(f"/api/v1/conclusions/{draft.pk}/", {"signer_name": "Người khác"}, format="json")
    draft.refresh_from_db()
    assert draft.signer_name == "Trần Văn Nam"

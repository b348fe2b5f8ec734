"""The staff workspace (#14) through the pages alone: wizard, step buttons,
self-inspection report, inline findings with evidence, conclusion with
requirements, issue and download; refusals say why, typed values are kept."""
import datetime

import pytest
from django.utils import timezone

from inspection.choices import InspectionStatus
from inspection.models import Finding, Inspection
from tests.inspection.factories import pdf, topic
from tests.organizations.factories import CellMeetingFactory, TermFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _date(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def staff(client, board, tree):
    tree.city.issuer_code = "TU"
    tree.city.save()
    TermFactory(name="2025-2030", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2030, 12, 31))
    client.force_login(board)
    return client


def _new(client, tree):
    page = client.get("/inspections/new/")
    assert page.status_code == 200
    initial = page.context["form"].initial
    response = client.post("/inspections/new/", {
        "code": "KT-2026-01", "title": "Kiểm tra Đảng ủy xã Tân Thông Hội", "form": "periodic",
        "authority": tree.city.pk, "conducted_by": tree.city.pk, "targets": [tree.cuchi_commune.pk],
        "topics": [topic().pk], "include_me": "on", "period_start": "01/01/2024", "period_end": "31/12/2025",
        "planned_start": "07/12/2026", "planned_end": "20/12/2026", "head": "Nguyễn Văn An",
        "decision_number": initial["decision_number"], "decision_on": _date(timezone.localdate()),
        "plan_number": initial["plan_number"], "plan_on": _date(timezone.localdate())})
    assert response.status_code == 302, response.context["form"].errors
    return Inspection.objects.get(code="KT-2026-01")


def test_wizard_creates_documents_and_reads_dates_day_first(staff, tree):
    inspection = _new(staff, tree)
    assert inspection.planned_start == datetime.date(2026, 12, 7)
    assert inspection.decision_document.number_display.endswith("QĐ/TU") or inspection.decision_document_id
    assert inspection.plan_document_id and inspection.team.get(role="head").full_name == "Nguyễn Văn An"
    assert "KT-2026-01" in [i.code for i in staff.get("/").context["my_inspections"]]


def test_wizard_keeps_what_was_typed_when_refused(staff, tree):
    response = staff.post("/inspections/new/", {"code": "X", "title": "Giữ nguyên", "planned_start": "12/31/2026"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giữ nguyên" in page and "dd/mm/yyyy" in page


def test_step_buttons_named_after_the_step_refusal_says_why_done_says_which(staff, tree):
    inspection = _new(staff, tree)
    page = staff.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "Quyết định kiểm tra" in page and "Hủy cuộc kiểm tra" in page
    done = staff.post(f"/inspections/{inspection.pk}/step/", {"to_status": "decided"}, follow=True)
    assert "Đã quyết định kiểm tra." in done.content.decode()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = staff.post(f"/inspections/{inspection.pk}/step/", {"to_status": "in_progress", "on": _date(tomorrow)})
    assert future.status_code == 400 and "sau hôm nay" in future.content.decode()  # an effective date is not ahead
    staff.post(f"/inspections/{inspection.pk}/step/", {"to_status": "in_progress", "on": _date(timezone.localdate())})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS and inspection.actual_start == timezone.localdate()
    page = staff.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "Chưa nhận báo cáo tự kiểm tra của: Đảng ủy xã Tân Thông Hội." in page  # listed before pressing
    refused = staff.post(f"/inspections/{inspection.pk}/step/", {"to_status": "reporting"})
    assert refused.status_code == 400 and "Chưa đủ điều kiện" in refused.content.decode()


def test_whole_inspection_through_the_workspace(staff, tree, board):
    inspection = _new(staff, tree)
    url = f"/inspections/{inspection.pk}"
    staff.post(f"{url}/step/", {"to_status": "decided"})
    staff.post(f"{url}/step/", {"to_status": "in_progress"})
    response = staff.post(f"{url}/self-reports/", {"organization": tree.cuchi_commune.pk,
                                                   "received_on": _date(timezone.localdate()), "file": pdf()})
    assert response.status_code == 302
    # Inline findings: a refused one comes back with its reason and the text typed.
    refused = staff.post(f"{url}/findings/", {"organization": tree.cuchi_commune.pk, "topic": topic().pk,
                                              "kind": "limitation", "text": "Chưa ghi mức độ"}, **HX)
    assert "Chọn mức độ của hạn chế, khuyết điểm." in refused.content.decode()
    assert "Chưa ghi mức độ" in refused.content.decode()
    for kind, severity, text in [("strength", "", "Ưu điểm một"), ("strength", "", "Ưu điểm hai"),
                                 ("limitation", "moderate", "Hạn chế một"), ("limitation", "serious", "Hạn chế hai")]:
        added = staff.post(f"{url}/findings/", {"organization": tree.cuchi_commune.pk, "topic": topic().pk,
                                                "kind": kind, "severity": severity, "text": text,
                                                "tags": "tu-phe-binh"}, **HX)
        assert added.status_code == 200 and text in added.content.decode()
    finding = Finding.objects.get(text="Hạn chế một")
    edited = staff.post(f"/findings/{finding.pk}/edit/", {"organization": tree.cuchi_commune.pk,
                                                          "topic": topic().pk, "kind": "limitation",
                                                          "severity": "serious", "text": "Hạn chế một (sửa)"}, **HX)
    assert "Hạn chế một (sửa)" in edited.content.decode()
    meeting = CellMeetingFactory(cell=tree.cuchi_cell, date=datetime.date(2025, 8, 15))
    results = staff.get(f"/findings/{finding.pk}/evidence/search/", {"q": "ap trung 2025"}).content.decode()
    assert "15/08/2025" in results and "Chi bộ Ấp Trung" in results and "cellmeeting#" not in results
    added = staff.post(f"/findings/{finding.pk}/evidence/", {"record_type": "organizations.cellmeeting",
                                                             "record_id": meeting.pk}, **HX).content.decode()
    assert "Chứng cứ: Sinh hoạt chi bộ" in added
    staff.post(f"{url}/step/", {"to_status": "reporting"})
    response = staff.post(f"{url}/conclusion/", {"number": 5, "issued_on": _date(timezone.localdate()),
                                                 "summary": "Kết luận chung.",
                                                 f"section_{tree.cuchi_commune.pk}": "Phần của xã."})
    assert response.status_code == 302, response.content.decode()[-2000:]
    for text in ("Khắc phục một.", "Khắc phục hai."):
        response = staff.post(f"{url}/requirements/", {
            "organization": tree.cuchi_commune.pk, "text": text, "priority": "normal",
            "deadline": _date(timezone.localdate() + datetime.timedelta(days=30)), "findings": [finding.pk]})
        assert response.status_code == 302, response.content.decode()[-2000:]
    response = staff.post(f"{url}/issue/", {"signer_name": "Nguyễn Văn Bình"}, follow=True)
    assert "Đã ban hành" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CONCLUDED
    conclusion = inspection.conclusions.get()
    assert staff.get(f"/reports/notices/{conclusion.pk}/docx/").content[:2] == b"PK"
    assert staff.get(f"/reports/notices/{conclusion.pk}/pdf/").content[:4] == b"%PDF"


def test_evidence_picker_never_offers_another_subtree(staff, tree, client, make_user, board):
    from organizations.choices import Role
    from tests.inspection.factories import walk

    other = CellMeetingFactory(cell=tree.q3_cell, date=datetime.date(2025, 8, 15))
    out = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.REPORTING)
    finding = out.findings[tree.cuchi_commune.pk]
    results = staff.get(f"/findings/{finding.pk}/evidence/search/", {"q": "2025"}).content.decode()
    assert "Khu phố 1" not in results
    refused = staff.post(f"/findings/{finding.pk}/evidence/", {"record_type": "organizations.cellmeeting",
                                                               "record_id": other.pk}, **HX).content.decode()
    assert "Hồ sơ làm chứng cứ phải thuộc" in refused
    cuchi_inspector = make_user(Role.INSPECTOR, [tree.cuchi])
    client.force_login(cuchi_inspector)
    assert "Khu phố 1" not in client.get(f"/findings/{finding.pk}/evidence/search/").content.decode()

"""Issue #14's task done in the browser as `chuyenvien`: one inspection of one
unit (two strengths, two limitations with evidence, a conclusion notice with two
requirements, downloads), then what is overdue, within 40 clicks and 15 page
loads, no admin URL, screenshots of each step, axe-core on every page."""
import datetime

import pytest

from inspection.choices import InspectionStatus
from inspection.models import Finding, Inspection, RemediationRequirement
from organizations.choices import Role
from tests.cadres.factories import CadreFactory
from tests.inspection.factories import walk
from tests.organizations.factories import CellMeetingFactory, TermFactory

from .pages_helpers import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FINDINGS = [("strength", "", "Cấp ủy lãnh đạo toàn diện, sâu sát."),
            ("strength", "", "Sinh hoạt chi bộ đúng định kỳ."),
            ("limitation", "moderate", "Tự phê bình và phê bình chưa thường xuyên."),
            ("limitation", "serious", "Chưa đánh giá, xếp loại đúng quy định.")]


@pytest.fixture
def board_world(tree, make_user):
    TermFactory(start_year=2025)
    tree.city.issuer_code = "TU"
    tree.city.save()
    staff = make_user(Role.INSPECTOR, [tree.city], username="chuyenvien", first_name="Lan", last_name="Nguyễn")
    CellMeetingFactory(cell=tree.cuchi_cell, date=datetime.date(2025, 8, 15))
    CadreFactory(full_name="Nguyễn Thị Lan", organization=tree.city)  # the head of team, picked by name
    walk(tree, staff, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)  # something already overdue
    return staff


def test_staff_task_in_the_workspace(page, live_server, tree, board_world):
    page.set_viewport_size({"width": 1366, "height": 768})
    s = Session(page, live_server.url, "staff-chuyenvien")
    s.login("chuyenvien")
    s.shot("home")
    s.axe("home")
    s.click("main a:has-text('Cuộc kiểm tra mới')", navigates=True)

    # The wizard: numbers of the decision and the plan are proposed.
    page.fill("#id_code", "KT-2026-TTH")
    page.fill("#id_title", "Kiểm tra Đảng ủy xã Tân Thông Hội năm 2026")
    page.fill("[data-filter-for=id_targets]", "tan thong hoi")
    page.select_option("#id_targets", label="Đảng ủy xã Tân Thông Hội – Huyện ủy Củ Chi")
    s.click("#id_topics_0")
    for field, value in [("period_start", "01/01/2024"), ("period_end", "31/12/2025"),
                         ("planned_start", "07/12/2026"), ("planned_end", "20/12/2026")]:
        page.fill(f"#id_{field}", value)
    page.fill("#team-search", "nguyen thi lan")  # the team by name, never a username
    page.wait_for_selector("#team-results [data-testid=person]:has-text('Nguyễn Thị Lan')")
    s.click("#team-results [data-testid=person] input[name=people]")
    s.click("#team-picked [data-testid=person] input[name=head_pick]")  # ticked, the person joined the team
    assert page.input_value("#id_decision_number") and page.input_value("#id_plan_number")
    s.axe("wizard")
    s.shot("wizard")
    s.click("button:has-text('Tạo cuộc kiểm tra')", navigates=True)
    inspection = Inspection.objects.get(code="KT-2026-TTH")
    assert inspection.planned_start == datetime.date(2026, 12, 7)
    assert inspection.team.get(role="head").cadre.full_name == "Nguyễn Thị Lan"

    # Steps named after the step, each confirmed.
    s.shot("workspace-draft")
    s.axe("workspace")
    s.click("[data-testid=step-decided] button", navigates=True)
    assert "Đã quyết định kiểm tra." in page.content()
    s.click("[data-testid=step-in_progress] button", navigates=True)
    s.click("#tab-self-btn")
    page.select_option("#id_self_organization", label="Đảng ủy xã Tân Thông Hội")
    page.set_input_files("#id_self_file", files=[{"name": "bao-cao-tu-kiem-tra.pdf", "mimeType": "application/pdf",
                                             "buffer": b"%PDF-1.4\n%%EOF\n"}])
    s.click("#tab-self button:has-text('Ghi nhận')", navigates=True)

    # Findings added inline, no page load.
    loads = s.loads
    s.click("#tab-findings-btn")
    for kind, severity, text in FINDINGS:
        page.select_option("[data-testid=finding-add] [name=kind]", kind)
        page.select_option("[data-testid=finding-add] [name=severity]", severity)
        page.fill("[data-testid=finding-add] [name=text]", text)
        page.fill("[data-testid=finding-add] [name=tags]", "tu-phe-binh" if kind == "limitation" else "")
        s.click("[data-testid=finding-add] button:has-text('Thêm')")
        page.wait_for_selector(f"[data-testid=finding]:has-text('{text}')")
    s.axe("findings")
    for _kind, _severity, text in FINDINGS[2:]:
        row = f"[data-testid=finding]:has-text('{text}')"
        s.click(f"{row} summary")
        page.fill(f"{row} input[name=q]", "ap trung 2025")
        s.click(f"{row} button:has-text('Tìm')")
        page.wait_for_selector(f"{row} [data-testid=evidence-results] li")
        assert "cellmeeting#" not in page.inner_text(f"{row} [data-testid=evidence-results]")
        s.click(f"{row} [data-testid=evidence-results] button:has-text('Chọn')")
        page.wait_for_selector(f"[data-testid=finding]:has-text('{text}'):has-text('Chứng cứ: Sinh hoạt chi bộ')")
    assert s.loads == loads
    s.shot("findings")
    assert Finding.objects.filter(inspection=inspection).count() == 4

    s.click("#tab-overview-btn")
    s.click("[data-testid=step-reporting] button", navigates=True)
    s.click("#tab-conclusion-btn")
    page.fill("#id_concl_summary", "Đảng ủy xã đã lãnh đạo thực hiện tốt nhiệm vụ; còn một số hạn chế.")
    page.fill(f"#id_concl_section_{tree.cuchi_commune.pk}", "Đề nghị Đảng ủy xã khắc phục các hạn chế đã nêu.")
    s.click("#tab-conclusion button:has-text('Lập dự thảo')", navigates=True)
    limitations = [str(f.pk) for f in Finding.objects.filter(inspection=inspection, kind="limitation")]
    for text, limitation in zip(["Tổ chức kiểm điểm tự phê bình và phê bình.", "Đánh giá lại chất lượng năm 2025."],
                                limitations, strict=True):
        page.fill("#id_req_text", text)
        page.fill("#id_req_deadline", "31/03/2027")
        page.select_option("#id_req_findings", [limitation])
        s.click("#tab-conclusion button:has-text('Thêm yêu cầu')", navigates=True)
    s.shot("conclusion-draft")
    s.axe("conclusion")
    page.fill("#id_issue_signer_name", "Nguyễn Văn Bình")
    s.click("#tab-conclusion button:has-text('Ban hành')", navigates=True)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CONCLUDED
    assert RemediationRequirement.objects.filter(conclusion__inspection=inspection).count() == 2
    for fmt in ("docx", "pdf"):
        with page.expect_download() as download:
            s.click(f"[data-testid=notice-{fmt}]")
        assert download.value.suggested_filename.endswith(f".{fmt}")
    s.shot("issued")

    # What is overdue in my scope.
    s.click("nav a:has-text('Yêu cầu khắc phục')", navigates=True)
    page.select_option("#id_overdue", "true")
    s.click("form.filter-form button:has-text('Lọc')", navigates=True)
    assert page.locator("tbody tr").count() == 1 and "Quá hạn" in page.inner_text("tbody")
    s.shot("overdue")
    s.axe("requirements")

    s.report()
    assert not s.admin_urls
    assert s.clicks <= 40 and s.loads <= 15, s.report()
    assert not s.violations, s.violations

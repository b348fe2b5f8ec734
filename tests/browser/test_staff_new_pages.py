"""The staff pages added to finish #14, in the browser: the inspection edit page
with the team picked by name, the findings import with its preview, the
rule-check tab with «Tạo hạn chế», the Board's decisions on the requirement
page. axe-core finds no serious or critical violation, nothing scrolls sideways
at 1366 and 768 px, and the keyboard focus is visible."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from inspection import services
from inspection.choices import InspectionStatus, RequirementStatus
from inspection.models import Finding
from organizations.choices import Role
from rules.services import check_run_create_for_inspection, check_run_execute
from tests.cadres.factories import CadreFactory
from tests.inspection.factories import walk
from tests.organizations.factories import CellMeetingFactory

from .pages_helpers import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


@pytest.fixture
def world(tree, make_user):
    staff = make_user(Role.INSPECTOR, [tree.city], username="chuyenvien", first_name="Nguyễn Lan")
    reporter = make_user(Role.REPORTER, [tree.cuchi], username="baocao")
    CadreFactory(full_name="Trần Thị Mai", organization=tree.city)
    draft = walk(tree, staff, targets=[tree.cuchi_commune]).inspection
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    running = walk(tree, staff, targets=[tree.q3, tree.cuchi], status=InspectionStatus.IN_PROGRESS,
                   topics=("cell_meetings",)).inspection
    check_run_execute(run_id=check_run_create_for_inspection(user=staff, inspection=running).pk)
    following = walk(tree, staff, targets=[tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP,
                     deadline=datetime.date.today() + datetime.timedelta(days=30))
    requirement = following.requirements[tree.cuchi_commune.pk]
    services.progress_report_submit(user=reporter, requirement=requirement, text="Đã xong.", percent=100)
    services.extension_request(user=reporter, requirement=requirement, reason="Chờ đại hội.",
                               requested_deadline=requirement.deadline + datetime.timedelta(days=30))
    return {"draft": draft, "running": running, "requirement": requirement}


def _check(s, label):
    """axe, both widths without sideways scrolling, a visible keyboard focus."""
    for width in (1366, 768):
        s.page.set_viewport_size({"width": width, "height": 768 if width == 1366 else 1024})
        assert s.overflow() <= 0, (label, width, s.overflow())
    s.page.set_viewport_size({"width": 1366, "height": 768})
    s.axe(label)
    s.page.keyboard.press("Tab")
    s.page.keyboard.press("Tab")
    visible = s.page.evaluate("""() => {
        const el = document.activeElement; if (!el || el === document.body) return false;
        const st = getComputedStyle(el);
        return (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none';
    }""")
    assert visible, label
    s.shot(label)


def test_new_staff_pages(page, live_server, tree, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    s = Session(page, live_server.url, "staff-new-pages")
    s.login("chuyenvien")

    # Editing an inspection, the team picked by name.
    s.goto(f"/inspections/{world['draft'].pk}/edit/")
    page.fill("#id_title", "Kiểm tra Đảng ủy xã (đã sửa)")
    page.fill("#team-search", "tran thi mai")
    page.wait_for_selector("#team-results [data-testid=person]:has-text('Trần Thị Mai')")
    s.click("#team-results input[name=people]")
    _check(s, "edit")
    s.click("[data-testid=edit-inspection] button:has-text('Lưu')", navigates=True)
    assert world["draft"].team.filter(cadre__full_name="Trần Thị Mai").exists()

    # The rule-check tab and «Tạo hạn chế».
    running = world["running"]
    s.goto(f"/inspections/{running.pk}/")
    s.click("#tab-rules-btn")
    page.wait_for_selector("[data-testid=rules-tab] [data-testid=rule-result]")
    _check(s, "rules-tab")
    s.click("[data-testid=rules-tab] button:has-text('Tạo hạn chế')", navigates=True)
    assert Finding.objects.filter(inspection=running, rule_results__isnull=False).exists()

    # The findings import: template, upload, preview, confirm.
    with page.expect_download() as download:
        s.click("#tab-findings-btn")
        s.click("[data-testid=findings-import] summary")
        s.click("[data-testid=findings-import] a:has-text('Tải tệp mẫu')")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    topic = running.topics.first()
    book.worksheets[0].append([tree.q3.name, topic.name, "Ưu điểm", None, "Nề nếp sinh hoạt tốt.", None])
    book.worksheets[0].append([tree.cuchi.name, topic.name, "Hạn chế, khuyết điểm", None, "Thiếu mức độ.", None])
    stream = io.BytesIO()
    book.save(stream)
    page.set_input_files("#findings-import-file", files=[{
        "name": "ket-qua.xlsx", "buffer": stream.getvalue(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    s.click("[data-testid=findings-import] button", navigates=True)
    assert page.locator("[data-testid=import-row].table-danger").count() == 1
    _check(s, "import-preview")

    # The Board's decisions on a requirement.
    requirement = world["requirement"]
    s.goto(f"/requirements/{requirement.pk}/")
    _check(s, "requirement-decisions")
    s.click("[data-testid=decision] button:has-text('Xác nhận hoàn thành')", navigates=True)
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.VERIFIED

    s.report()
    assert not s.admin_urls
    assert not s.violations, s.violations

"""Issue #15 in the browser: the Củ Chi unit reporter reports progress with a PDF
and asks for more time; the Quận 3 leader drills down from the dashboard and
downloads a follow-up report for the dissolved Quận ủy Quận 3 for 2019. At 390 px
nothing overflows sideways; axe-core finds nothing serious; no admin URL."""
import datetime

import pytest

from inspection.choices import InspectionStatus
from inspection.models import DeadlineExtension, ProgressReport
from organizations.choices import Role
from tests.inspection.factories import walk
from tests.organizations.factories import TermFactory

from .pages_helpers import WIDTHS, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(tree, make_user):
    TermFactory(start_year=2015)
    staff = make_user(Role.INSPECTOR, [tree.city], username="chuyenvien")
    make_user(Role.REPORTER, [tree.cuchi], username="baocao_cuchi")
    make_user(Role.LEADER, [tree.q3], username="lanhdao_q3")
    walk(tree, staff, targets=[tree.cuchi_commune, tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)
    walk(tree, staff, targets=[tree.q3_cell], status=InspectionStatus.FOLLOWING_UP,
         deadline=datetime.date.today() + datetime.timedelta(days=5))
    tree.q3.valid_to = datetime.date(2025, 6, 30)  # closed by the 2025 reform, its 2019 records stay its own
    tree.q3.save()
    return staff


def test_unit_reporter_reports_progress_and_asks_for_more_time(page, live_server, tree, world):
    page.set_viewport_size({"width": 390, "height": 844})
    s = Session(page, live_server.url, "reporter-baocao_cuchi")
    s.login("baocao_cuchi")
    assert s.overflow() <= 0
    s.shot("home")
    s.axe("home")
    row = page.locator("[data-testid=my-requirement]").first
    assert "Quá hạn" in row.inner_text()
    with page.expect_navigation():
        row.locator("a").click()
    s.clicks += 1
    assert s.overflow() <= 0
    s.axe("requirement")
    page.fill("#id_text", "Đảng ủy xã đã tổ chức kiểm điểm, báo cáo kèm biên bản.")
    page.fill("#id_percent", "60")
    page.set_input_files("#id_files", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf",
                                              "buffer": b"%PDF-1.4\n%%EOF\n"}])
    s.click("button:has-text('Gửi báo cáo')", navigates=True)
    assert "Đã gửi báo cáo tiến độ" in page.content() and "bien-ban.pdf" in page.content()
    page.fill("#id_requested_deadline", "30/06/2027")
    page.fill("#id_reason", "Chờ kết quả đại hội chi bộ.")
    s.click("button:has-text('Gửi đề nghị gia hạn')", navigates=True)
    assert "Đã gửi đề nghị gia hạn đến 30/06/2027" in page.content()
    assert s.overflow() <= 0
    s.shot("requirement-after")
    assert ProgressReport.objects.get().attachments.count() == 1
    assert DeadlineExtension.objects.get().requested_deadline == datetime.date(2027, 6, 30)
    s.report()
    assert not s.admin_urls and not s.violations, s.violations


def _count_on_list(page):
    return int(page.inner_text("[data-testid=list-total]").split()[0])


def test_leader_drills_down_and_downloads_a_report_of_a_dissolved_committee(page, live_server, tree, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    s = Session(page, live_server.url, "leader-lanhdao_q3")
    s.login("lanhdao_q3")
    s.goto("/dashboard/")
    s.shot("dashboard")
    s.axe("dashboard")
    for link in ["[data-testid=card-overdue]", "#req-title ~ table a >> nth=0", "[data-testid=overdue-org] >> nth=0"]:
        s.goto("/dashboard/")
        figure = int(page.inner_text(link).split()[0])
        s.click(link, navigates=True)
        assert "/requirements/" in page.url and _count_on_list(page) == figure, (link, page.url)
        s.axe(f"list {page.url}")
    s.shot("drilled")
    s.click("nav a:has-text('Báo cáo')", navigates=True)
    page.select_option("#id_kind", "remediation_followup")
    page.select_option("#id_scope", label=next(
        o for o in page.locator("#id_scope option").all_inner_texts() if o.startswith("Quận ủy Quận 3 (")))
    page.fill("#id_period", "2019")
    s.axe("reports")
    s.click("button:has-text('Lập')", navigates=True)
    page.wait_for_selector("a:has-text('DOCX')", timeout=60000)
    s.shot("report")
    with page.expect_download() as download:
        s.click("a:has-text('DOCX')")
    assert download.value.suggested_filename.endswith(".docx")
    s.report()
    assert not s.admin_urls and not s.violations, s.violations


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_width(page, live_server, tree, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    s = Session(page, live_server.url, f"widths-{width}")
    s.login("chuyenvien")
    inspection_id = world.inspection_teams.first()
    paths = ["/", "/dashboard/", "/inspections/", "/findings/", "/requirements/", "/documents/", "/programs/",
             f"/organizations/{tree.q3.pk}/"]
    from inspection.models import Inspection

    paths.append(f"/inspections/{Inspection.objects.first().pk}/")
    del inspection_id
    for path in paths:
        s.goto(path)
        assert s.overflow() <= 0, (path, s.overflow())
        if width == 1366:
            s.axe(path)
    s.shot("last")
    assert not s.violations, s.violations


def test_axe_is_really_checking(page, live_server, tree, world):
    """The accessibility check is live: a page with an unlabelled input fails it."""
    s = Session(page, live_server.url, "axe-self-check")
    s.login("chuyenvien")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(v["id"] == "label" for v in s.axe("broken"))

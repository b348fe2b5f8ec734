"""Issue #15, the scope leak: a multi-unit notice (its inspection, its program)
is read by a unit only in the parts that concern it. A notice about another
unit only is not theirs at all; a joint notice is theirs with the other units'
names hidden (core.concern). One rule, tested at every door: the document
register page, the admin (list, change page, search), the API (documents,
inspections, programs, conclusions and their nested fields), the downloads (the
stored file and the generated notice) and search (q=)."""
import pytest
from django.test import Client

from core.concern import PLACEHOLDER
from core.downloads import download_url
from inspection import services
from inspection.choices import InspectionStatus
from inspection.models import Document
from organizations.choices import Role
from organizations.models import User
from tests.reports.test_rendering import docx_text

from .factories import D, DocumentFactory, pdf, topic, walk

pytestmark = pytest.mark.django_db
API = "/api/v1"
OTHER = "Tân Thông Hội"  # Củ Chi's commune: outside Quận 3
OWN = "Võ Thị Sáu"  # Quận 3's ward
HIDDEN = str(PLACEHOLDER)


class World:
    def __init__(self, tree, board, make_user):
        self.leader = User.objects.get(pk=make_user(role=Role.LEADER, organizations=[tree.q3]).pk)
        self.q3_inspector = User.objects.get(pk=make_user(role=Role.INSPECTOR, organizations=[tree.q3]).pk)
        # A city notice about Củ Chi's commune only (01-TB/TU of the issue).
        foreign = walk(tree, board, targets=[tree.cuchi_commune], status=InspectionStatus.CONCLUDED)
        self.foreign = foreign.conclusion.document
        self.foreign.subject = f"Thông báo kết luận kiểm tra đối với Đảng ủy xã {OTHER}"
        self.foreign.save()
        self.foreign_file = services.document_add_file(user=board, document=self.foreign, file=pdf("01-TB-TU.pdf"))
        # A joint notice of Quận 3's ward and Củ Chi's commune: Quận 3 reads its part.
        joint = walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.REPORTING)
        self.inspection = joint.inspection
        title = f"Kiểm tra Đảng ủy phường {OWN} và Đảng ủy xã {OTHER}"
        services.inspection_update(user=board, inspection=self.inspection, title=title)
        self.joint = DocumentFactory(subject=f"Thông báo kết luận kiểm tra {OWN} và Đảng ủy xã {OTHER}")
        self.conclusion = services.conclusion_create(
            user=board, inspection=self.inspection, document=self.joint,
            summary=f"Đảng ủy xã {OTHER} và Đảng ủy phường {OWN} chủ động cụ thể hóa tiêu chí.",
            sections=[{"organization": org, "text": f"Kết luận đối với {org.name}."}
                      for org in (tree.q3_ward, tree.cuchi_commune)])
        self.joint_file = services.document_add_file(user=board, document=self.joint, file=pdf("TB-chung.pdf"))
        self.program = services.program_create(
            user=board, authority=tree.city, year=2019, title=f"Chương trình kiểm tra {OWN}, {OTHER}",
            items=[{"topic": topic(), "title": f"Kiểm tra Đảng ủy xã {OTHER} và phường {OWN}",
                    "responsible": tree.city, "planned_start": D(2019, 4, 1), "planned_end": D(2019, 6, 30),
                    "target_organizations": [tree.q3_ward, tree.cuchi_commune]}])


@pytest.fixture
def world(tree, board, make_user):
    return World(tree, board, make_user)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def api_json(api, user, url):
    response = api.as_user(user).get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()


# --- the rule itself -----------------------------------------------------------------------
def test_documents_of_other_units_inspections_are_not_read_below_the_city(world, board):
    leader = world.leader
    assert not Document.objects.for_user(leader).filter(pk=world.foreign.pk).exists()
    assert Document.objects.for_user(leader).filter(pk=world.joint.pk).exists()
    assert Document.objects.for_user(board).filter(pk=world.foreign.pk).exists()
    # The stored file of a joint notice names every unit: read whole only by the whole city.
    assert not Document.objects.whole_for_user(leader).filter(pk=world.joint.pk).exists()
    assert Document.objects.whole_for_user(board).filter(pk=world.joint.pk).exists()


# --- door: pages ---------------------------------------------------------------------------
def test_the_document_register_page(world):
    client = signed_in(world.leader)
    page = client.get("/documents/").content.decode()
    assert world.foreign.number_display not in page and OTHER not in page
    assert world.joint.number_display in page and HIDDEN in page and OWN in page
    export = client.get("/documents/?export=csv").content.decode("utf-8")
    assert OTHER not in export and HIDDEN in export
    inspections = client.get("/inspections/").content.decode()
    assert OTHER not in inspections and OWN in inspections
    programs = client.get("/programs/").content.decode()
    assert OTHER not in programs and OWN in programs


# --- door: admin ---------------------------------------------------------------------------
def test_the_admin_document_list_change_page_and_search(world):
    client = signed_in(world.leader)
    listing = client.get("/admin/inspection/document/").content.decode()
    assert world.foreign.number_display not in listing and OTHER not in listing and HIDDEN in listing
    assert client.get(f"/admin/inspection/document/{world.foreign.pk}/change/").status_code in (302, 404)
    change = client.get(f"/admin/inspection/document/{world.joint.pk}/change/").content.decode()
    assert OTHER not in change and HIDDEN in change
    found = client.get("/admin/inspection/document/", {"q": OTHER}).content.decode()
    assert world.joint.number_display not in found and world.foreign.number_display not in found
    assert world.joint.number_display in client.get("/admin/inspection/document/", {"q": OWN}).content.decode()


def test_the_admin_inspection_program_and_conclusion_pages(world):
    client = signed_in(world.leader)
    for url in ("/admin/inspection/inspection/", f"/admin/inspection/inspection/{world.inspection.pk}/change/",
                "/admin/inspection/inspectionprogram/",
                f"/admin/inspection/inspectionprogram/{world.program.pk}/change/",
                f"/admin/inspection/conclusion/{world.conclusion.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert OTHER not in response.content.decode(), url
    found = client.get("/admin/inspection/inspection/", {"q": OTHER}).content.decode()
    assert world.inspection.code not in found


# --- door: API -----------------------------------------------------------------------------
def test_the_api_documents_inspections_programs_conclusions(api, world):
    leader = world.leader
    documents = api_json(api, leader, f"{API}/documents/")["results"]
    assert world.foreign.pk not in {row["id"] for row in documents}
    assert api.as_user(leader).get(f"{API}/documents/{world.foreign.pk}/").status_code == 404
    joint = api_json(api, leader, f"{API}/documents/{world.joint.pk}/")
    assert OTHER not in joint["subject"] and HIDDEN in joint["subject"] and joint["files"] == []
    for url in (f"{API}/documents/", f"{API}/inspections/", f"{API}/inspections/{world.inspection.pk}/",
                f"{API}/programs/", f"{API}/program-items/", f"{API}/conclusions/",
                f"{API}/conclusions/{world.conclusion.pk}/"):
        text = api.as_user(leader).get(url).content.decode()
        assert OTHER not in text, url
    assert OWN in api.as_user(leader).get(f"{API}/inspections/{world.inspection.pk}/").content.decode()


def test_the_board_reads_everything_unhidden(api, world, board):
    joint = api_json(api, board, f"{API}/documents/{world.joint.pk}/")
    assert OTHER in joint["subject"] and joint["files"]
    assert world.foreign.pk in {row["id"] for row in api_json(api, board, f"{API}/documents/")["results"]}


# --- door: downloads -----------------------------------------------------------------------
def test_downloads_of_stored_files_and_the_generated_notice(api, world, board):
    client = signed_in(world.leader)
    assert client.get(download_url(world.foreign_file)).status_code == 404
    assert client.get(download_url(world.joint_file)).status_code == 404
    assert signed_in(User.objects.get(pk=board.pk)).get(download_url(world.joint_file)).status_code == 200
    notice = api.as_user(world.leader).get(f"{API}/conclusions/{world.conclusion.pk}/notice/docx/")
    assert notice.status_code == 200
    text, _document = docx_text(notice.content)
    assert OTHER not in text and OWN in text
    page = client.get(f"/reports/notices/{world.conclusion.pk}/docx/")
    if page.status_code == 200:
        assert OTHER not in docx_text(page.content)[0]


# --- door: search --------------------------------------------------------------------------
def test_search_never_finds_through_a_hidden_name(api, world):
    leader = world.leader
    for url in (f"{API}/documents/?q={OTHER}", f"{API}/inspections/?q={OTHER}"):
        assert api_json(api, leader, url)["results"] == [], url
    assert [row["id"] for row in api_json(api, leader, f"{API}/documents/?q={OWN}")["results"]] == [world.joint.pk]
    assert [row["id"] for row in api_json(api, leader, f"{API}/inspections/?q=tan thong hoi")["results"]] == []
    page = signed_in(leader).get("/documents/", {"q": OTHER}).content.decode()
    assert world.joint.number_display not in page

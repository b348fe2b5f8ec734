"""Writes follow ownership, not visibility (issue #12): a user changes an object
only when every organization that owns it is inside their scope. What a
district sees of the city (its documents, its program, a joint inspection or
notice) is read-only there: 403 `read_only_scope`, through the API and the
admin alike; what it does not see at all stays 404."""
import pytest

from core.errors import ApplicationError
from inspection import services
from inspection.choices import InspectionStatus
from inspection.models import Conclusion, Document, Inspection, InspectionProgram, ProgramItem
from organizations.choices import Role
from tests.organizations.factories import TermFactory

from .factories import D, DocumentFactory, pdf, topic, walk
from .test_admin import ADMIN, login, page_data

pytestmark = pytest.mark.django_db
API = "/api/v1"
S = InspectionStatus


@pytest.fixture(autouse=True)
def terms(db):
    return TermFactory()


@pytest.fixture
def city_document(tree):
    """Thông báo 3150-TB/TU: issued by the city, ordinary, so every district reads it."""
    return DocumentFactory(issuer=tree.city, issuer_code="TU", number=3150, subject="Thông báo kết luận 3150")


@pytest.fixture
def city_program(tree, board):
    return services.program_create(
        user=board, authority=tree.city, year=2019, title="Chương trình kiểm tra năm 2019",
        items=[{"topic": topic(), "title": "Kiểm tra xếp loại", "responsible": tree.city,
                "planned_start": D(2019, 4, 15), "planned_end": D(2019, 6, 30),
                "target_organizations": [tree.q3, tree.cuchi]}])


@pytest.fixture
def cuchi_writer(make_user, tree):
    return make_user(role=Role.API_CLIENT, organizations=[tree.cuchi], api_write=True)


def refused(response, status=403, code="read_only_scope"):
    assert response.status_code == status, response.content.decode()[:500]
    assert response.json()["error"]["code"] == code
    return response


# --- documents -------------------------------------------------------------------------
def test_a_district_reads_the_city_document_but_cannot_patch_delete_or_add_files(api, tree, q3_inspector,
                                                                                  city_document):
    c = api.as_user(q3_inspector)
    url = f"{API}/documents/{city_document.pk}/"
    assert c.get(url).status_code == 200
    refused(c.patch(url, {"subject": "Sửa trộm"}, format="json"))
    refused(c.delete(url))
    refused(c.post(f"{url}files/", {"file": pdf()}, format="multipart"))
    city_document.refresh_from_db()
    assert city_document.subject == "Thông báo kết luận 3150" and not city_document.files.exists()


def test_the_cuchi_api_writer_cannot_patch_the_city_document(api, cuchi_writer, city_document):
    refused(api.as_user(cuchi_writer).patch(f"{API}/documents/{city_document.pk}/", {"subject": "x"},
                                            format="json"))


def test_a_district_still_writes_its_own_documents(api, tree, q3_inspector):
    own = DocumentFactory(issuer=tree.q3, issuer_code="QU")
    response = api.as_user(q3_inspector).patch(f"{API}/documents/{own.pk}/", {"subject": "Đã sửa"}, format="json")
    assert response.status_code == 200, response.content


def test_a_document_out_of_sight_is_still_not_found(api, tree, q3_inspector):
    secret = DocumentFactory(issuer=tree.cuchi, issuer_code="HU")
    refused(api.as_user(q3_inspector).patch(f"{API}/documents/{secret.pk}/", {"subject": "x"}, format="json"),
            404, "not_found")


def test_the_service_refuses_whatever_door_calls_it(tree, q3_inspector, city_document):
    with pytest.raises(ApplicationError) as err:
        services.document_update(user=q3_inspector, document=city_document, subject="x")
    assert err.value.code == "read_only_scope" and err.value.status == 403


# --- programs ----------------------------------------------------------------------------
def test_a_target_district_cannot_change_the_city_program_or_its_items(api, tree, q3_inspector, city_program):
    c = api.as_user(q3_inspector)
    item = city_program.items.get()
    assert c.get(f"{API}/programs/{city_program.pk}/").status_code == 200
    refused(c.patch(f"{API}/programs/{city_program.pk}/", {"title": "Sửa"}, format="json"))
    refused(c.patch(f"{API}/program-items/{item.pk}/", {"title": "Sửa"}, format="json"))
    refused(c.delete(f"{API}/program-items/{item.pk}/"))
    assert InspectionProgram.objects.get().title == "Chương trình kiểm tra năm 2019"
    assert ProgramItem.objects.get().title == "Kiểm tra xếp loại"


# --- joint inspections and notices -------------------------------------------------------
def test_one_target_of_a_joint_inspection_cannot_retitle_or_cancel_it(api, tree, board, q3_inspector):
    joint = walk(tree, board, targets=[tree.q3, tree.cuchi]).inspection
    c = api.as_user(q3_inspector)
    url = f"{API}/inspections/{joint.pk}/"
    assert c.get(url).status_code == 200
    refused(c.patch(url, {"title": "Đổi tên"}, format="json"))
    refused(c.post(f"{url}cancel/", {"note": "Không cần nữa"}, format="json"))
    joint.refresh_from_db()
    assert joint.status == S.DRAFT and joint.title.startswith("Cuộc kiểm tra")


def test_the_only_target_writes_its_own_inspection(api, tree, board, q3_inspector):
    own = walk(tree, board, targets=[tree.q3]).inspection
    response = api.as_user(q3_inspector).patch(f"{API}/inspections/{own.pk}/", {"title": "Đổi tên"}, format="json")
    assert response.status_code == 200, response.content
    assert Inspection.objects.get(pk=own.pk).title == "Đổi tên"


def test_one_target_cannot_edit_the_joint_draft_notice(api, tree, board, q3_inspector):
    joint = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING).inspection
    draft = services.conclusion_create(user=board, inspection=joint, summary="Kết luận chung.")
    refused(api.as_user(q3_inspector).patch(f"{API}/conclusions/{draft.pk}/", {"summary": "Sửa"}, format="json"))
    assert Conclusion.objects.get(pk=draft.pk).summary == "Kết luận chung."


def test_a_target_still_sends_its_own_self_inspection_report(tree, board, q3_inspector):
    joint = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.IN_PROGRESS).inspection
    report = services.self_report_receive(user=q3_inspector, inspection=joint, organization=tree.q3,
                                          received_on=D(2019, 5, 20))
    assert report.organization == tree.q3


# --- the admin agrees --------------------------------------------------------------------
def test_the_admin_shows_the_city_document_read_only_and_refuses_to_save_it(client, tree, q3_inspector,
                                                                            city_document):
    login(client, q3_inspector)
    url = f"{ADMIN}/document/{city_document.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="subject"' not in page.content.decode()  # read-only view, no form fields
    response = client.post(url, page_data(page) | {"subject": "Sửa trộm", "issued_on": "01/04/2019"})
    assert response.status_code == 403
    city_document.refresh_from_db()
    assert city_document.issuer == tree.city and city_document.subject == "Thông báo kết luận 3150"
    assert client.post(f"{ADMIN}/document/{city_document.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=city_document.pk).exists()


def test_the_admin_still_edits_own_documents(client, tree, q3_inspector):
    own = DocumentFactory(issuer=tree.q3, issuer_code="QU")
    login(client, q3_inspector)
    page = client.get(f"{ADMIN}/document/{own.pk}/change/")
    assert page.status_code == 200 and 'name="subject"' in page.content.decode()

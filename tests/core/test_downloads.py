"""Every stored file is downloaded through /files/<kind>/<id>/, which checks scope
and names the file as it was uploaded; nothing is served from MEDIA_ROOT."""
from urllib.parse import quote

import pytest
from django.test import Client

from core.downloads import KINDS, download_url
from inspection import services
from inspection.choices import InspectionStatus
from organizations.choices import Role
from tests.inspection.factories import PDF, DocumentFactory, pdf, walk

pytestmark = pytest.mark.django_db
NAME = "Báo cáo tự kiểm tra Quận 3.pdf"


@pytest.fixture
def board(make_user, tree):
    return make_user(role=Role.INSPECTOR, organizations=[tree.city])


@pytest.fixture
def files(tree, board):
    """A Quận 3 self-inspection report and a Củ Chi document's file."""
    inspection = walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.IN_PROGRESS)
    own = services.self_report_receive(user=board, inspection=inspection.inspection, organization=tree.q3_ward,
                                       received_on=inspection.inspection.planned_start, file=pdf(NAME))
    foreign = services.document_add_file(user=board, document=DocumentFactory(issuer=tree.cuchi),
                                         file=pdf("Quyết định Củ Chi.pdf"))
    return own, foreign


def test_own_file_downloads_under_its_vietnamese_name(client, tree, make_user, files):
    client.force_login(make_user(role=Role.LEADER, organizations=[tree.q3]))
    response = client.get(download_url(files[0]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=utf-8''{quote(NAME)}" in disposition


def test_foreign_file_is_not_found(client, tree, make_user, files):
    client.force_login(make_user(role=Role.LEADER, organizations=[tree.q3]))
    assert client.get(download_url(files[1])).status_code == 404
    assert client.get("/files/no-such-kind/1/").status_code == 404


def test_anonymous_is_sent_to_the_login(client, files):
    response = client.get(download_url(files[0]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_file_missing_on_disk_is_a_404_not_a_500(client, board, files):
    files[0].file.storage.delete(files[0].file.name)
    client.force_login(board)
    assert client.get(download_url(files[0])).status_code == 404


def test_media_is_never_served_directly(client, board, files):
    client.force_login(board)
    assert client.get(f"/media/{files[0].file.name}").status_code == 404


def test_the_api_gives_the_download_addresses(api, tree, board, files):
    client = api.as_user(board)
    inspection = client.get(f"/api/v1/inspections/{files[0].inspection_id}/").json()
    url = inspection["self_reports"][0]["file"]
    assert url == f"http://testserver/files/self-report/{files[0].pk}/"
    document = client.get(f"/api/v1/documents/{files[1].document_id}/").json()
    assert document["files"][0]["url"] == f"http://testserver/files/document/{files[1].pk}/"
    session = Client()
    session.force_login(board)
    assert session.get(url).status_code == 200


def test_every_kind_names_a_model_with_its_file_field():
    for kind in KINDS.values():
        model = kind.model_class()
        assert model._meta.get_field(kind.file_field).get_internal_type() == "FileField"
        assert not kind.through or model._meta.get_field(kind.through).is_relation


def test_an_api_client_downloads_with_its_key(client, tree, make_user, files):
    from accounts.tokens import api_token_create
    user = make_user(role=Role.API_CLIENT, organizations=[tree.q3])
    _token, key = api_token_create(user=user, name="thử")
    response = client.get(download_url(files[0]), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert client.get(download_url(files[1]), HTTP_AUTHORIZATION=f"Token {key}").status_code == 404
    refused = client.get(download_url(files[0]), HTTP_AUTHORIZATION="Token wrong")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"


def test_the_admin_links_stored_files_to_the_download_view(client, board, files):
    client.force_login(board)
    page = client.get(f"/admin/inspection/inspection/{files[0].inspection_id}/change/").content.decode()
    assert f'href="/files/self-report/{files[0].pk}/"' in page and "/media/" not in page

"""Optimistic concurrency on findings, requirements, documents and conclusions:
two edits from the same version, the second is refused with 409 "stale" and the
current state; nothing is lost."""
import pytest
from django.db import transaction

from inspection import services
from inspection.choices import InspectionStatus
from inspection.models import Finding

from .factories import DocumentFactory, walk
from .test_admin import login, page_data

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def walked(tree, board):
    return walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.REPORTING)


def test_a_stale_patch_of_a_finding_gets_409_and_nothing_is_lost(api, tree, board, walked):
    finding = walked.findings[tree.q3_ward.pk]
    client = api.as_user(board)
    read = client.get(f"{API}/findings/{finding.pk}/").json()
    first = client.patch(f"{API}/findings/{finding.pk}/", {"text": "Nội dung mới.", "version": read["version"]},
                         format="json")
    assert first.status_code == 200, first.content
    assert first.json()["version"] == read["version"] + 1
    second = client.patch(f"{API}/findings/{finding.pk}/", {"severity": "serious", "version": read["version"]},
                          format="json")
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "stale"
    assert error["current"]["version"] == read["version"] + 1 and error["current"]["text"] == "Nội dung mới."
    finding.refresh_from_db()
    assert (finding.text, finding.severity) == ("Nội dung mới.", "moderate")
    # Read again, then the change goes through.
    again = client.patch(f"{API}/findings/{finding.pk}/", {"severity": "serious"}, format="json",
                         HTTP_IF_MATCH=f'"{error["current"]["version"]}"')
    assert again.status_code == 200 and again.json()["severity"] == "serious"


def test_a_save_that_lands_between_read_and_write_is_not_overwritten(tree, walked):
    """Two writers that read the same row: the later full save is refused, whatever it states."""
    from core.versioning import StaleVersion
    finding = walked.findings[tree.q3_ward.pk]
    one, two = Finding.objects.get(pk=finding.pk), Finding.objects.get(pk=finding.pk)
    one.text = "Bản của người thứ nhất."
    one.save()
    two.severity = "serious"
    with pytest.raises(StaleVersion), transaction.atomic():
        two.save()
    assert Finding.objects.get(pk=finding.pk).text == "Bản của người thứ nhất."


@pytest.mark.parametrize("kind", ["documents", "remediation-requirements", "conclusions"])
def test_stale_patches_of_documents_requirements_and_conclusions(api, tree, board, kind):
    walked = walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)
    if kind == "conclusions":
        draft = walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.REPORTING).inspection
        record = services.conclusion_create(user=board, inspection=draft, summary="Dự thảo.",
                                            sections=[{"organization": tree.q3_ward, "text": "Quận 3."}])
        change = {"summary": "Dự thảo sửa."}
    else:
        record, change = {
            "documents": (DocumentFactory(issuer=tree.q3), {"subject": "Trích yếu mới"}),
            "remediation-requirements": (walked.requirements[tree.q3_ward.pk], {"priority": "high"}),
        }[kind]
    client = api.as_user(board)
    version = client.get(f"{API}/{kind}/{record.pk}/").json()["version"]
    stale = client.patch(f"{API}/{kind}/{record.pk}/", {**change, "version": version - 1 or 99}, format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale", stale.content


def test_the_admin_form_carries_the_version(client, tree, board, walked):
    finding = walked.findings[tree.q3_ward.pk]
    login(client, board)
    url = f"/admin/inspection/finding/{finding.pk}/change/"
    data = page_data(client.get(url))
    assert data["seen_version"] == str(finding.version)
    Finding.objects.filter(pk=finding.pk).update(version=finding.version + 1)  # someone saved meanwhile
    response = client.post(url, {**data, "text": "Sửa từ trang quản trị."})
    assert response.status_code == 200 and "người khác sửa" in response.content.decode()
    finding.refresh_from_db()
    assert finding.text != "Sửa từ trang quản trị."

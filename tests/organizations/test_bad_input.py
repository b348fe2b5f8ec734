"""Bad input on the organization records and pages: clear 4xx or a fallback
with a warning, never a 500; files checked on extension and content."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.services import SYSTEM
from organizations import services
from organizations.models import CellMeeting
from tests.inspection.factories import PDF

pytestmark = pytest.mark.django_db
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
MEETING = {"date": "2019-05-05", "kind": "regular", "duration_minutes": 90, "members_total": 10, "present": 10,
           "spoke": 3, "young_spoke": 1}


def _client(user):
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "content"), [("bien-ban.exe", EXE), ("bien-ban.pdf", EXE)],
                         ids=["exe", "exe-named-pdf"])
def test_an_executable_minutes_file_is_refused(tree, make_user, api, name, content):
    client = api.as_user(make_user(organizations=[tree.q3]))
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post("/api/v1/cell-meetings/", {**MEETING, "cell": tree.q3_cell.pk, "minutes_file": upload},
                           format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "minutes_file" in error["fields"] and "PDF" in error["fields"]["minutes_file"][0]
    assert not CellMeeting.objects.exists()


def test_an_executable_minutes_file_is_refused_by_the_service_too(tree):
    upload = SimpleUploadedFile("bien-ban.exe", EXE)
    fields = {**MEETING, "date": datetime.date(2019, 5, 5)}
    with pytest.raises(services.ApplicationError) as err:
        services.cell_meeting_create(user=SYSTEM, cell=tree.q3_cell, minutes_file=upload, **fields)
    assert "minutes_file" in err.value.fields
    meeting = services.cell_meeting_create(user=SYSTEM,
                                           cell=tree.q3_cell, minutes_file=SimpleUploadedFile("bb.pdf", PDF),
                                           **fields)
    assert meeting.minutes_file.name.endswith(".pdf")


def test_a_meeting_date_before_1945_or_far_ahead_is_refused(tree, make_user, api):
    client = api.as_user(make_user(organizations=[tree.q3]))
    response = client.post("/api/v1/cell-meetings/", {**MEETING, "cell": tree.q3_cell.pk, "date": "0001-01-01"},
                           format="json")
    assert response.status_code == 400 and "01/01/1945" in response.json()["error"]["fields"]["date"][0]


def test_the_bulk_page_with_a_non_ascii_digit_year_falls_back_with_a_warning(tree, make_user):
    client = _client(make_user(organizations=[tree.q3]))
    response = client.get(f"/organizations/{tree.q3_cell.pk}/meetings/bulk/?year=%C2%B2")
    assert response.status_code == 200
    assert any("²" in str(m) for m in response.context["messages"])
    assert response.context["year"] == datetime.date.today().year

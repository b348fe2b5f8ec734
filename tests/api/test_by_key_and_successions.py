"""Natural-key detail routes (`…/by-key/`, core/by_key.py) and the succession endpoints."""
import datetime

import pytest

from organizations.choices import Role
from organizations.models import Organization, OrganizationSuccession
from tests.cadres.factories import CadreFactory, PlanningEntryFactory, TermFactory
from tests.inspection.factories import DocumentFactory
from tests.organizations.factories import (
    AdmissionYearFactory,
    CellMeetingFactory,
    CommitteeMemberFactory,
    QualityRatingFactory,
)

BASE = "/api/v1/"


@pytest.fixture
def q3_reader(tree, make_user, api):
    return api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3], personal_data_access=True))


def test_each_natural_key_finds_the_one_record_in_scope_or_404(tree, q3_reader):
    meeting = CellMeetingFactory(cell=tree.q3_cell, date=datetime.date(2019, 5, 5), kind="regular")
    CellMeetingFactory(cell=tree.q3_cell, date=datetime.date(2019, 5, 6), kind="regular")
    rating = QualityRatingFactory(organization=tree.q3_ward)
    admission = AdmissionYearFactory(organization=tree.q3_ward, year=2019)
    cadre = CadreFactory(organization=tree.q3_ward, code="CB-7")
    entry = PlanningEntryFactory(cadre=CadreFactory(organization=tree.q3), organization=tree.q3,
                                 term=TermFactory(start_year=2020))
    document = DocumentFactory(issuer=tree.q3, issuer_code="QU", doc_type="TB", number=12)
    cases = [
        ("organizations", {"code": "q3-vts"}, tree.q3_ward.pk),
        ("cell-meetings", {"cell": tree.q3_cell.pk, "date": "2019-05-05", "kind": "regular"}, meeting.pk),
        ("quality-ratings", {"organization": tree.q3_ward.pk, "year": rating.year, "subject": rating.subject},
         rating.pk),
        ("admissions", {"organization": tree.q3_ward.pk, "year": 2019}, admission.pk),
        ("cadres", {"code": "CB-7"}, cadre.pk),
        ("planning-entries", {"cadre": entry.cadre_id, "title": entry.title_id, "organization": tree.q3.pk,
                              "term": entry.term_id}, entry.pk),
        ("documents", {"party_number": "12-TB/QU", "issuer": tree.q3.pk}, document.pk),
    ]
    for path, params, expected in cases:
        response = q3_reader.get(f"{BASE}{path}/by-key/", params)
        assert response.status_code == 200, (path, response.json())
        assert response.json()["id"] == expected, path
    assert q3_reader.get(f"{BASE}organizations/by-key/", {"code": "cc-tth"}).status_code == 404  # out of scope
    assert q3_reader.get(f"{BASE}cell-meetings/by-key/", {"cell": tree.q3_cell.pk, "date": "2019-05-07",
                                                          "kind": "regular"}).status_code == 404
    missing = q3_reader.get(f"{BASE}cell-meetings/by-key/", {"cell": tree.q3_cell.pk})
    assert missing.status_code == 400 and set(missing.json()["error"]["fields"]) == {"date", "kind"}
    # The list takes the same exact filters: one row, not a whole month.
    listed = q3_reader.get(f"{BASE}cell-meetings/", {"cell": tree.q3_cell.pk, "date": "2019-05-05"}).json()
    assert [row["id"] for row in listed["results"]] == [meeting.pk]



def test_a_committee_member_by_its_natural_key(tree, q3_reader, make_user, api):
    """organization + term + full name (exact, NFC) + birth date + start date; a later row of the same
    person (another position) is another key; the birth date is personal, so it needs the grant."""
    first = CommitteeMemberFactory(organization=tree.q3_ward, full_name="Nguyễn Văn An",
                                   birth_date=datetime.date(1970, 3, 4), from_date=datetime.date(2015, 7, 16))
    later = CommitteeMemberFactory(organization=tree.q3_ward, term=first.term, full_name="Nguyễn Văn An",
                                   birth_date=first.birth_date, from_date=datetime.date(2018, 1, 2))
    CommitteeMemberFactory(organization=tree.q3_ward, term=first.term, full_name="Nguyễn Văn Anh",
                           birth_date=first.birth_date, from_date=first.from_date)
    key = {"organization": tree.q3_ward.pk, "term": first.term_id, "full_name": " Nguyễn Văn An ",
           "birth_date": "1970-03-04", "from_date": "2015-07-16"}
    url = f"{BASE}committee-members/by-key/"
    assert q3_reader.get(url, key).json()["id"] == first.pk
    assert q3_reader.get(url, {**key, "from_date": "02/01/2018"}).json()["id"] == later.pk
    assert q3_reader.get(url, {**key, "birth_date": "1970-03-05"}).status_code == 404
    missing = q3_reader.get(url, {"organization": tree.q3_ward.pk, "full_name": "Nguyễn Văn An"})
    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) == {"term", "birth_date", "from_date"}
    # The same exact filters serve the list: the name is not a substring search.
    listed = q3_reader.get(f"{BASE}committee-members/", {"full_name": "Nguyễn Văn An"}).json()["results"]
    assert sorted(row["id"] for row in listed) == sorted([first.pk, later.pk])
    cuchi = api.__class__().as_user(make_user(role=Role.INSPECTOR, organizations=[tree.cuchi],
                                              personal_data_access=True))
    # An organization outside the reader's scope reads as one that does not exist (the list's filter too).
    outside = cuchi.get(url, key)
    assert outside.status_code == 400 and list(outside.json()["error"]["fields"]) == ["organization"]
    assert outside.json() == cuchi.get(url, {**key, "organization": 10**9}).json()
    without_grant = api.__class__().as_user(make_user(role=Role.API_CLIENT, organizations=[tree.q3]))
    refused = without_grant.get(url, key)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "personal_data"


def test_programs_and_inspections_by_key(tree, make_user, api):
    from inspection import services

    board = make_user(role=Role.INSPECTOR, organizations=[tree.city])
    client = api.as_user(board)
    first = services.program_create(user=board, authority=tree.city, year=2019, title="Chương trình 2019")
    assert client.get(f"{BASE}programs/by-key/", {"authority": tree.city.pk, "year": 2019}).json()["id"] == first.pk
    services.program_create(user=board, authority=tree.city, year=2019, title="Chương trình bổ sung")
    ambiguous = client.get(f"{BASE}programs/by-key/", {"authority": tree.city.pk, "year": 2019})
    assert ambiguous.status_code == 409 and ambiguous.json()["error"]["code"] == "ambiguous_key"
    assert client.get(f"{BASE}programs/by-key/", {"authority": tree.city.pk, "year": 2019,
                                                  "title": "Chương trình 2019"}).json()["id"] == first.pk
    assert client.get(f"{BASE}inspections/by-key/", {"code": "nope"}).status_code == 404


def test_successions_are_read_in_scope_from_either_side_and_written_by_administrators(tree, make_user, api):
    new_ward = Organization.objects.create(name="Đảng ủy phường Xuân Hòa", code="q3-xh", kind="grassroots_committee",
                                           parent=tree.q3)
    body = {"predecessor": tree.q3_ward.pk, "successor": new_ward.pk, "kind": "merged_into",
            "effective_date": "2025-07-01", "basis": "Nghị quyết 1656/NQ-UBTVQH15"}
    inspector = api.as_user(make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    assert inspector.post(f"{BASE}organization-successions/", body, format="json").status_code == 403
    admin = api.as_user(make_user(role=Role.ADMIN))
    created = admin.post(f"{BASE}organization-successions/", body, format="json")
    assert created.status_code == 201, created.json()
    link = created.json()
    assert (link["predecessor_detail"]["code"], link["successor_detail"]["code"], link["effective_date"]) == (
        "q3-vts", "q3-xh", "2025-07-01")
    tree.q3_ward.refresh_from_db()
    assert tree.q3_ward.valid_to == datetime.date(2025, 6, 30)
    again = admin.post(f"{BASE}organization-successions/", body, format="json")
    assert again.status_code == 409 and again.json()["error"]["existing_id"] == link["id"]

    seen = inspector.get(f"{BASE}organization-successions/", {"organization": new_ward.pk}).json()["results"]
    assert [row["id"] for row in seen] == [link["id"]]
    cuchi = api.__class__().as_user(make_user(role=Role.LEADER, organizations=[tree.cuchi]))
    assert cuchi.get(f"{BASE}organization-successions/{link['id']}/").status_code == 404
    patched = admin.patch(f"{BASE}organization-successions/{link['id']}/", {"basis": "QĐ 1"}, format="json")
    assert patched.status_code == 200 and OrganizationSuccession.objects.get().basis == "QĐ 1"

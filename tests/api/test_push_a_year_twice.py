"""The must-show of issue #16: another system pushes a year of a unit's records
through the API only, then again with the same Idempotency-Keys (a retrying
client), then once more without keys through the natural keys (bulk upsert, and
by-key then PATCH or POST), and there is exactly one copy of everything."""
import uuid

import pytest

from cadres.models import Cadre
from core.changes import Change
from inspection.models import Document, InspectionProgram
from organizations.choices import Role
from organizations.models import AdmissionYear, CellMeeting, CommitteeMember, QualityRating
from tests.organizations.factories import TermFactory

BASE = "/api/v1/"
MODELS = [Cadre, CommitteeMember, QualityRating, CellMeeting, AdmissionYear, Document, InspectionProgram]


def _year(tree, term):
    """{path: [create bodies]}: one year (2019) of Quận 3's ward and its cell."""
    ward, cell = tree.q3_ward.pk, tree.q3_cell.pk
    return {
        "cadres": [{"code": f"Q3-{n:03d}", "full_name": name, "birth_date": f"1978-03-0{n}", "gender": "female",
                    "organization": ward} for n, name in ((1, "Nguyễn Thị Lan"), (2, "Trần Thị Hoa"))],
        "committee-members": [{"organization": ward, "term": term.pk, "full_name": name, "gender": "female",
                               "birth_date": "1978-03-01", "position": position, "from_date": "2015-07-16"}
                              for name, position in (("Nguyễn Thị Lan", "secretary"),
                                                     ("Trần Thị Hoa", "deputy_secretary"))],
        "quality-ratings": [{"organization": ward, "year": 2019, "subject": "members", "excellent": 2, "good": 10,
                             "total": 12}],
        "cell-meetings": [{"cell": cell, "date": f"2019-{m:02d}-05", "kind": "regular", "duration_minutes": 90,
                           "members_total": 10, "present": 9, "absent_excused": 1, "spoke": 4, "young_spoke": 1,
                           "criticism_held": True} for m in range(1, 13)],
        "admissions": [{"organization": ward, "year": 2019, "target": 5, "admitted": 3, "sector_worker": 3}],
        "documents": [{"issuer": tree.q3.pk, "doc_type": "TB", "number": 7, "issued_on": "2019-04-01",
                       "subject": "Thông báo kết quả kiểm tra"}],
        "programs": [{"authority": tree.q3.pk, "year": 2019, "title": "Chương trình kiểm tra năm 2019"}],
    }


BULK = ("cadres", "committee-members", "quality-ratings", "cell-meetings", "admissions")
# Records without a bulk route: found by their natural key, then patched or created.
BY_KEY = {"documents": lambda b: {"party_number": f"{b['number']}-TB/QU", "issuer": b["issuer"]},
          "programs": lambda b: {"authority": b["authority"], "year": b["year"], "title": b["title"]}}


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_a_year_pushed_twice_and_then_upserted_leaves_one_copy_of_everything(tree, make_user, api):
    term = TermFactory()
    tree.q3.issuer_code = "QU"
    tree.q3.save()
    client = api.as_user(make_user(Role.API_CLIENT, [tree.q3], api_write=True, personal_data_access=True))
    year = _year(tree, term)

    # 1. Every record once, each POST with its own key.
    sent = []
    for path, bodies in year.items():
        for body in bodies:
            key = str(uuid.uuid4())
            response = client.post(f"{BASE}{path}/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
            assert response.status_code == 201, (path, response.json())
            sent.append((path, body, key, response.json()))
    once = _counts()
    assert once == {"Cadre": 2, "CommitteeMember": 2, "QualityRating": 1, "CellMeeting": 12, "AdmissionYear": 1,
                    "Document": 1, "InspectionProgram": 1}
    changes = Change.objects.count()

    # 2. A retrying client: the same requests with the same keys are answered as the first time.
    for path, body, key, first in sent:
        again = client.post(f"{BASE}{path}/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert (again.status_code, again.json(), again["Idempotent-Replayed"]) == (201, first, "true")
    assert _counts() == once and Change.objects.count() == changes

    # 3. Without keys, by natural key: bulk upserts, and by-key then PATCH for the rest.
    for path in BULK:
        response = client.post(f"{BASE}{path}/bulk/", {"mode": "upsert", "rows": year[path]}, format="json")
        assert response.status_code == 200, (path, response.json())
        assert response.json()["unchanged"] == len(year[path]), path
    for path, key_of in BY_KEY.items():
        for body in year[path]:
            found = client.get(f"{BASE}{path}/by-key/", key_of(body))
            assert found.status_code == 200, (path, found.json())
            patch = {name: value for name, value in body.items() if name == "subject" or name == "title"}
            assert client.patch(f"{BASE}{path}/{found.json()['id']}/", patch, format="json").status_code == 200
    # A plain POST without a key is refused as the duplicate it is, naming the record.
    duplicate = client.post(f"{BASE}cell-meetings/", year["cell-meetings"][0], format="json")
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "duplicate"
    assert _counts() == once

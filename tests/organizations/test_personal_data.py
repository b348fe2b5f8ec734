"""Personal fields (core.personal) reach an API client only with the personal-data grant."""
import datetime

import pytest

from core.personal import PERSONAL_FIELDS, personal_fields
from organizations.choices import Role
from organizations.models import CommitteeMember, MemberRating

from .factories import CommitteeMemberFactory, QualityRatingFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def records(tree):
    member = CommitteeMemberFactory(organization=tree.q3, full_name="Nguyễn Văn An", cadre_code="CB-001",
                                    birth_date=datetime.date(1971, 5, 4))
    rating = QualityRatingFactory(organization=tree.q3_ward)
    MemberRating.objects.create(rating=rating, full_name="Trần Thị Bình", birth_date=datetime.date(1980, 1, 2),
                                cadre_code="CB-002", level="excellent")
    return member, rating


def _rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_an_api_client_without_the_grant_gets_no_personal_fields(api, make_user, tree, records):
    client = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city]))
    member = _rows(client.get(f"{API}/committee-members/"))[0]
    assert member["full_name"] == "Nguyễn Văn An" and member["position"]
    assert not {"birth_date", "gender", "cadre_code"} & set(member)
    detail = client.get(f"{API}/committee-members/{records[0].pk}/").json()
    assert not {"birth_date", "gender", "cadre_code"} & set(detail)
    rating = _rows(client.get(f"{API}/quality-ratings/"))[0]
    assert rating["excellent"] == 2  # the figures stay
    assert "Trần Thị Bình" not in str(rating) and "members" not in rating


def test_with_the_grant_or_as_staff_they_are_there(api, make_user, tree, records):
    granted = make_user(role=Role.API_CLIENT, organizations=[tree.city], personal_data_access=True)
    staff = make_user(role=Role.INSPECTOR, organizations=[tree.q3])
    for user in (granted, staff):
        client = api.as_user(user)
        member = _rows(client.get(f"{API}/committee-members/"))[0]
        assert (member["birth_date"], member["gender"], member["cadre_code"]) == ("1971-05-04", "male", "CB-001")
        rating = _rows(client.get(f"{API}/quality-ratings/"))[0]
        assert rating["members"][0]["full_name"] == "Trần Thị Bình"


def test_personal_fields_are_classified_in_one_place():
    assert {"birth_date", "gender", "cadre_code"} <= personal_fields(CommitteeMember)
    assert {"full_name", "level"} <= personal_fields(MemberRating)
    for label, fields in PERSONAL_FIELDS.items():
        from django.apps import apps
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        assert set(fields) <= names, (label, set(fields) - names)


def test_filtering_by_a_personal_field_needs_the_grant(api, make_user, tree, records):
    plain = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city]))
    for params in ({"cadre_code": "CB-001"}, {"gender": "male"}):
        response = plain.get(f"{API}/committee-members/", params)
        assert response.status_code == 403, response.content  # else the answer's size would tell the value
        assert response.json()["error"]["code"] == "personal_data"
    assert plain.get(f"{API}/committee-members/", {"position": records[0].position}).status_code == 200
    granted = api.as_user(make_user(role=Role.API_CLIENT, organizations=[tree.city], personal_data_access=True))
    assert [r["full_name"] for r in _rows(granted.get(f"{API}/committee-members/", {"cadre_code": "CB-001"}))] == [
        "Nguyễn Văn An"]

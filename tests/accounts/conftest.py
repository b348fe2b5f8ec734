import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create
from organizations.choices import Role

LIST_URL = "/api/v1/organizations/"


@pytest.fixture
def api_user(make_user, tree):
    return make_user(role=Role.API_CLIENT, organizations=[tree.city], username="ketnoi")


@pytest.fixture
def token_and_key(api_user):
    return api_token_create(user=api_user, name="Hệ thống A")


@pytest.fixture
def raw_api():
    """An API client with no forced authentication: what a real client sends is what counts."""
    return APIClient()


def with_key(client, key):
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client

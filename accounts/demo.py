"""Demo part of accounts: one API key for the demo API client, printed once (only its hash is kept)."""
from django.contrib.auth import get_user_model

from .models import ApiToken
from .tokens import api_token_create

DEMO_TOKEN_NAME = "Khóa demo"
DEMO_API_USER = "api_client"


def load(stdout=None):
    user = get_user_model().objects.filter(username=DEMO_API_USER).first()
    if user is None:
        return None
    existing = ApiToken.objects.active().filter(user=user, name=DEMO_TOKEN_NAME).first()
    if existing is not None:
        if stdout:
            stdout.write(f"API key of {DEMO_API_USER}: already created ({existing.prefix}…); "
                         "the admin creates new keys (Khóa API).")
        return existing
    token, key = api_token_create(user=user, name=DEMO_TOKEN_NAME)
    if stdout:
        stdout.write(f"API key of {DEMO_API_USER} (shown once): Authorization: Token {key}")
    return token

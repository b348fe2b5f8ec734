"""Security headers on every page and API answer, and no inline scripts for the CSP to forbid."""
import re

import pytest
from django.urls import reverse

from organizations.choices import Role

pytestmark = pytest.mark.django_db


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.fixture
def signed_in(client, make_user, tree):
    client.force_login(make_user(role=Role.INSPECTOR, organizations=[tree.city]))
    return client


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/dashboard/", "/organizations/", "/reports/", "/admin/",
                                 "/api/v1/organizations/"])
def test_pages_carry_csp_permissions_and_referrer_policies(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert response["Referrer-Policy"] == "same-origin"


def test_the_anonymous_login_page_has_them_too(client):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"] and "camera=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("url", ["/", "/dashboard/", "/organizations/", "/reports/", "/accounts/login/", "/admin/",
                                 "/api/docs/"])
def test_pages_have_no_inline_script_for_the_policy_to_block(signed_in, url):
    page = signed_in.get(url).content.decode()
    assert not INLINE_SCRIPT.search(page), INLINE_SCRIPT.search(page).group(0)
    assert not INLINE_HANDLER.search(page), INLINE_HANDLER.search(page).group(0)


def test_swagger_ui_initialises_from_a_same_origin_script(signed_in):
    page = signed_in.get(reverse("api-docs")).content.decode()
    script_url = re.search(r'<script src="(/api/docs/\?script=?)"', page).group(1)
    script = signed_in.get(script_url)
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_api_responses_are_not_stored(signed_in, client):
    assert "no-store" in signed_in.get("/api/v1/organizations/")["Cache-Control"]
    signed_in.logout()
    refused = client.get("/api/v1/organizations/")
    assert refused.status_code == 401 and "no-store" in refused["Cache-Control"]


def test_pages_for_a_signed_in_user_are_not_stored(signed_in):
    for url in ("/", "/organizations/", "/reports/"):
        assert "no-store" in signed_in.get(url)["Cache-Control"], url


def test_every_settings_variant_keeps_the_headers(monkeypatch):
    # Every variant builds on base: choosing one cannot switch the headers off.
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "kiemtra.example")
    for name in ("dev", "test", "production"):
        module = importlib.import_module(f"config.settings.{name}")
        assert module.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
        assert "csp.middleware.CSPMiddleware" in module.MIDDLEWARE
        assert "core.middleware.SecurityHeadersMiddleware" in module.MIDDLEWARE

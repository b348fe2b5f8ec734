"""The application works on an intranet without internet access: the main pages
and the static files they load reference no other host, every static file they
load exists, and production's manifest storage accepts every static file (a
`sourceMappingURL` to a missing .map made collectstatic fail and every page 500).
The same checks run over HTTP against gunicorn in CI (.ci/prod-smoke)."""
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from core.api_docs import DOCS_CONTENT_SECURITY_POLICY
from organizations.choices import Role
from organizations.models import User
from tests.offline_refs import asset_urls, external_in_asset, external_in_html

pytestmark = pytest.mark.django_db


def static_file(url):
    """The file behind a /static/ URL, found the way runserver and collectstatic find it."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(prefix), f"{url} is not a static file of ours"
    path = finders.find(url[len(prefix):].split("?")[0])
    assert path, f"{url} does not exist"
    return Path(path)


def asset_text(client, url):
    """A static file from disk; anything else (Swagger UI's setup script) from the app."""
    if url.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return static_file(url).read_text(errors="replace")
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(errors="replace")


@pytest.fixture
def admin_client(client, tree, make_user):
    user = make_user(role=Role.ADMIN, organizations=[tree.city])
    client.force_login(User.objects.get(pk=user.pk))
    return client


def main_pages(tree):
    return [
        reverse("home"),
        reverse("dashboard"),
        reverse("organizations:organization-list"),
        reverse("organizations:organization-detail", args=[tree.q3.pk]),
        reverse("reports:report-list"),
        reverse("admin:index"),
        reverse("api-docs"),
        reverse("api-redoc"),
    ]


def test_login_page_references_no_other_host(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert external_in_html(html) == []
    assert asset_urls(html), "the login page loads our stylesheets and scripts"
    for url in asset_urls(html):
        assert external_in_asset(url, static_file(url).read_text(errors="replace")) == []


def test_main_pages_and_their_assets_reference_no_other_host(admin_client, tree):
    loaded = set()
    for page in main_pages(tree):
        response = admin_client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert external_in_html(html) == [], page
        for url in asset_urls(html):
            loaded.add(url)
            assert external_in_asset(url, asset_text(admin_client, url)) == [], (page, url)
    # The docs pages' own bundles, from drf-spectacular-sidecar, are among what was checked.
    assert any("swagger-ui-bundle.js" in url for url in loaded)
    assert any("redoc.standalone.js" in url for url in loaded)
    assert any("chart.umd.min.js" in url for url in loaded)


def test_api_docs_refuse_other_origins_and_skip_the_online_validator(client):
    for name in ("api-docs", "api-redoc"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == DOCS_CONTENT_SECURITY_POLICY
    policy = dict(part.split(" ", 1) for part in DOCS_CONTENT_SECURITY_POLICY.split("; "))
    for directive in ("default-src", "img-src", "connect-src", "script-src", "style-src", "font-src"):
        assert "http" not in policy[directive] and "*" not in policy[directive]
    # Swagger UI's setup script (the split view serves it from our URL, not inline).
    setup = client.get(reverse("api-docs"), {"script": ""}).content.decode()
    assert '"validatorUrl": null' in setup


def test_every_static_file_of_ours_and_of_the_docs_references_no_other_host():
    roots = [Path(d) for d in settings.STATICFILES_DIRS]
    roots.append(Path(finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")).parent.parent)
    scanned = 0
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".js", ".css", ".html"}:
                scanned += 1
                assert external_in_asset(path.name, path.read_text(errors="replace")) == [], path
    assert scanned >= 8


def test_production_manifest_storage_accepts_every_static_file(tmp_path):
    """What `collectstatic --noinput` does in production, without the compression:
    every url() and sourceMappingURL must point at a file that exists."""
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()


def test_the_scanner_finds_what_a_browser_would_load_from_elsewhere():
    page = """<html><head><link rel="stylesheet" href="https://cdn.example/b.css">
    <link rel="preconnect" href="https://fonts.example"><style>body{background:url(//img.example/x.png)}</style>
    </head><body><img srcset="/static/a.png 1x, https://img.example/b.png 2x"><a href="https://elsewhere.example/">x</a>
    <script>fetch("https://api.example/data")</script><script src="/static/ok.js"></script></body></html>"""
    assert external_in_html(page) == [
        "<link href='https://cdn.example/b.css'>",
        "<link href='https://fonts.example'>",
        "<img srcset='https://img.example/b.png'>",
        "<a href='https://elsewhere.example/'>",
        "inline style: //img.example/x.png",
        "inline script: https://api.example/data",
    ]
    assert asset_urls(page) == [
        "https://cdn.example/b.css", "https://fonts.example", "/static/a.png", "https://img.example/b.png",
        "/static/ok.js",
    ]
    assert external_in_html('<a href="http://127.0.0.1:8000/x">', origin="http://127.0.0.1:8000") == []
    assert external_in_asset("x.css", "@import 'https://fonts.example/f.css'; a{b:url(data:image/png;base64,AA)}") == [
        "https://fonts.example/f.css"]
    # An exception holds only in the file it was granted for.
    logo = 'createElement("img",{src:"https://cdn.redoc.ly/redoc/logo-mini.svg"})'
    assert external_in_asset("redoc.standalone.js", logo) == []
    assert external_in_asset("redoc.standalone.0123456789ab.js", logo) == []
    assert external_in_asset("app.js", logo) == ["https://cdn.redoc.ly/redoc/logo-mini.svg"]
    script = 'const help = "see https://docs.example/"; x.imageUrl = "https://i.example/a.png"'
    assert external_in_asset("app.js", script) == ["https://i.example/a.png"]

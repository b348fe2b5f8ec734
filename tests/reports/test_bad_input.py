"""Bad input on the report pages and downloads: a fallback with a warning or a
404, never a 500."""
import os

import pytest
from django.test import Client
from django.urls import reverse

from organizations.choices import Role
from reports.services import report_generate

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


def _client(user):
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("year", ["%C2%B2", "99999", "-5", "1e3"])
def test_the_dashboard_with_a_bad_year_shows_all_years_with_a_warning(tree, make_user, year):
    client = _client(make_user(organizations=[tree.city]))
    response = client.get(f"/dashboard/?year={year}")
    assert response.status_code == 200
    assert response.context["year"] is None
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    good = client.get("/dashboard/?year=2019")
    assert good.status_code == 200 and good.context["year"] == 2019 and not list(good.context["messages"])


@pytest.fixture
def missing_file_report(tree, fast_kind):
    report = report_generate(report_id=ReportFactory(scope=tree.q3_ward).pk)
    os.remove(report.files.get(format="docx").file.path)
    return report


def test_a_report_file_missing_on_disk_is_a_404_on_the_page(tree, make_user, missing_file_report):
    client = _client(make_user(Role.LEADER, [tree.q3]))
    response = client.get(reverse("reports:report-file", args=[missing_file_report.pk, "docx"]))
    assert response.status_code == 404
    assert client.get(reverse("reports:report-file", args=[missing_file_report.pk, "xlsx"])).status_code == 200


def test_a_report_file_missing_on_disk_is_a_json_404_in_the_api(tree, make_user, api, missing_file_report):
    client = api.as_user(make_user(Role.LEADER, [tree.q3]))
    response = client.get(f"/api/v1/reports/{missing_file_report.pk}/files/docx/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"

"""Every report has an issue date, separate from its period: chosen in the API
request and the request form (today by default) and printed in the date line."""
import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from core.services import SYSTEM
from organizations.choices import Role
from reports.kinds import ORGANIZATION_STRUCTURE
from reports.models import Report
from reports.periods import parse_period
from reports.services import report_generate, report_request

from .factories import ReportFactory, at
from .test_rendering import docx_text

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_document_is_dated_with_the_issue_date_not_the_period_or_today(tree):
    report, _created = report_request(user=SYSTEM,
                                      kind=ORGANIZATION_STRUCTURE, scope=tree.q3, period=parse_period("2019"),
                                      issued_on=D(2020, 1, 6), enqueue=False)
    report = report_generate(report_id=report.pk)
    assert report.status == "done", report.error
    _text, document = docx_text(report.files.get(format="docx").file.read())
    assert document.tables[0].rows[0].cells[1].paragraphs[-1].text == (
        "Thành phố Hồ Chí Minh, ngày 06 tháng 01 năm 2020")


def test_the_issue_date_defaults_to_today_and_another_date_makes_a_new_version(tree, fast_kind):
    first, created = report_request(user=SYSTEM,
                                    kind="test_fast", scope=tree.q3, period=parse_period("2019"), enqueue=False)
    assert created and first.issued_on == timezone.localdate()
    same, created = report_request(user=SYSTEM,
                                   kind="test_fast", scope=tree.q3, period=parse_period("2019"), enqueue=False,
                                   issued_on=first.issued_on)
    assert (same, created) == (first, False)
    report_generate(report_id=first.pk)
    other, created = report_request(user=SYSTEM,
                                    kind="test_fast", scope=tree.q3, period=parse_period("2019"), enqueue=False,
                                    issued_on=D(2020, 1, 6))
    assert created and (other.version, other.issued_on) == (2, D(2020, 1, 6))


def test_the_api_request_takes_the_issue_date(api, tree, make_user, fast_kind):
    client = api.as_user(make_user(Role.INSPECTOR, [tree.q3]))
    response = client.post("/api/v1/reports/", {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019",
                                                "issued_on": "2020-01-06"}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["issued_on"] == "2020-01-06"
    assert Report.objects.get().issued_on == D(2020, 1, 6)


def test_the_request_form_takes_the_issue_date(login, make_user, tree, fast_kind):
    client = login(make_user(Role.INSPECTOR, [tree.q3]))
    assert 'name="issued_on"' in client.get(reverse("reports:report-list")).content.decode()
    response = client.post(reverse("reports:report-request"), {
        "kind": "test_fast", "scope": tree.q3.pk, "period": "2019", "issued_on": "2020-01-06"})
    report = Report.objects.get()
    assert response.status_code == 302 and report.issued_on == D(2020, 1, 6)
    assert "06/01/2020" in client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()


def test_reports_made_before_the_field_keep_the_day_they_were_generated(tree, fast_kind):
    migration = importlib.import_module("reports.migrations.0002_report_issue_date")
    old = ReportFactory(scope=tree.q3, created_at=at(D(2019, 7, 1), 23), finished_at=at(D(2019, 7, 2), 1))
    queued = ReportFactory(scope=tree.q3, created_at=at(D(2019, 8, 5)))
    migration.date_existing_reports(apps, None)
    old.refresh_from_db()
    queued.refresh_from_db()
    assert (old.issued_on, queued.issued_on) == (D(2019, 7, 2), D(2019, 8, 5))

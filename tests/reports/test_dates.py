"""Dates through the reports doors: the request form's period (a day typed
dd/mm/yyyy, or a range of two), the list's period filter and the API's
period_start/period_end. Keys stay ISO: "07/12/2026" and "2026-12-07" are the
same report."""
import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.choices import Role
from reports.models import Report

from .factories import ReportFactory

pytestmark = pytest.mark.django_db
DEC_7 = datetime.date(2026, 12, 7)


@pytest.fixture
def q3_client(login, make_user, tree):
    return login(make_user(Role.INSPECTOR, [tree.q3]))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_request_form_reads_a_day_typed_first(q3_client, tree, fast_kind, lang):
    q3_client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = q3_client.post(reverse("reports:report-request"),
                              {"kind": "test_fast", "scope": tree.q3.pk, "period": "07/12/2026"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.period_key, report.period_start, report.period_end) == ("2026-12-07", DEC_7, DEC_7)
    # The same day typed the ISO way is the same report.
    q3_client.post(reverse("reports:report-request"), {"kind": "test_fast", "scope": tree.q3.pk,
                                                       "period": "2026-12-07"})
    assert Report.objects.count() == 1
    q3_client.post(reverse("reports:report-request"), {"kind": "test_fast", "scope": tree.q3.pk,
                                                       "period": "1/7/2026..7/12/2026"})
    ranged = Report.objects.get(period_key="2026-07-01..2026-12-07")
    assert (ranged.period_start, ranged.period_end) == (datetime.date(2026, 7, 1), DEC_7)


def test_request_form_refuses_a_month_first_day(q3_client, tree, fast_kind):
    response = q3_client.post(reverse("reports:report-request"),
                              {"kind": "test_fast", "scope": tree.q3.pk, "period": "12/31/2026"})
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ." in response.content.decode()
    assert not Report.objects.exists()


def test_list_filters_by_a_day_typed_first(q3_client, tree):
    day = ReportFactory(scope=tree.q3, period_key="2026-12-07", period_start=DEC_7, period_end=DEC_7)
    ReportFactory(scope=tree.q3, period_key="2026-07-12", period_start=datetime.date(2026, 7, 12),
                  period_end=datetime.date(2026, 7, 12))
    listed = q3_client.get(reverse("reports:report-list"), {"period": "07/12/2026"}).context["object_list"]
    assert list(listed) == [day]


def test_api_period_dates_read_day_first_and_answer_iso(api, make_user, tree, fast_kind):
    client = api.as_user(make_user(Role.INSPECTOR, [tree.q3]))
    response = client.post("/api/v1/reports/", {"kind": "test_fast", "scope": tree.q3.pk,
                                                "period_start": "01/07/2026", "period_end": "07/12/2026"},
                           format="json")
    assert response.status_code in (200, 201, 202), response.content
    body = response.json()
    assert (body["period_start"], body["period_end"]) == ("2026-07-01", "2026-12-07")
    listed = client.get("/api/v1/reports/", {"period_from": "07/12/2026"}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    refused = client.get("/api/v1/reports/", {"period_from": "12/31/2026"})
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["period_from"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026."]


def test_day_and_range_periods_are_shown_day_first(q3_client, tree, make_user):
    ReportFactory(scope=tree.q3, period_key="2026-12-07", period_start=DEC_7, period_end=DEC_7)
    ReportFactory(scope=tree.q3, period_key="2026-07-01..2026-12-07", period_start=datetime.date(2026, 7, 1),
                  period_end=DEC_7)
    page = q3_client.get(reverse("reports:report-list")).content.decode()
    assert "<td>07/12/2026</td>" in page and "<td>01/07/2026 – 07/12/2026</td>" in page
    assert "2026-12-07" not in page
    admin = make_user(Role.ADMIN, [tree.city])
    q3_client.force_login(type(admin).objects.get(pk=admin.pk))
    changelist = q3_client.get("/admin/reports/report/").content.decode()
    assert "07/12/2026" in changelist and "2026-12-07" not in changelist

"""Bad input on the inspection records: party numbers from 1, real dates,
one row for a report sent twice, nothing half-saved."""
import threading

import pytest
from django.db import connection

from core.errors import ApplicationError
from inspection import services
from inspection.choices import DocumentType, InspectionStatus
from inspection.models import Document, Inspection, ProgressReport, RemediationRequirement
from tests.organizations.factories import TermFactory

from .factories import D, DocumentFactory, topic, walk

pytestmark = pytest.mark.django_db
API = "/api/v1"
S = InspectionStatus


@pytest.mark.parametrize("text", ["0-TB/TU", "000-TB/TU"])
def test_party_number_zero_is_refused_with_the_expected_form(api, board, text):
    TermFactory()
    response = api.as_user(board).post(f"{API}/documents/", {"party_number": text, "issued_on": "2019-03-29",
                                                             "subject": "Thông báo"}, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_party_number" and "3150-TB/TU" in error["message"]
    assert "party_number" in error["fields"]
    assert not Document.objects.exists()


def test_number_zero_given_to_the_service_is_refused_not_renumbered(board):
    DocumentFactory(number=3153)
    with pytest.raises(ApplicationError) as err:
        services.document_create(user=board, issuer_code="TU", doc_type=DocumentType.TB, number=0,
                                 issued_on=D(2019, 3, 29), subject="Thông báo")
    assert "number" in err.value.fields
    assert Document.objects.count() == 1


def test_a_document_date_outside_1945_to_ten_years_ahead_is_refused(api, board):
    term = TermFactory()
    client = api.as_user(board)
    for day in ("1900-01-01", "9999-12-31"):
        response = client.post(f"{API}/documents/", {"party_number": "12-TB/TU", "issued_on": day, "term": term.pk,
                                                     "subject": "Thông báo"}, format="json")
        assert response.status_code == 400, response.content
        assert "01/01/1945" in response.json()["error"]["fields"]["issued_on"][0]
    assert not Document.objects.exists()


def test_inspection_periods_and_deadlines_must_be_real_dates(tree, board):
    with pytest.raises(ApplicationError) as err:
        services.inspection_create(
            user=board, code="KT-X", title="Kiểm tra", authority=tree.city, conducted_by=tree.city,
            targets=[tree.q3], topics=[topic()], period_start=D(1, 1, 1), period_end=D(9999, 12, 31))
    assert {"period_start", "period_end"} <= set(err.value.fields)
    assert not Inspection.objects.exists()
    out = walk(tree, board, targets=[tree.q3], status=S.REPORTING)
    conclusion = services.conclusion_create(user=board, inspection=out.inspection, summary="KL",
                                            document=DocumentFactory())
    with pytest.raises(ApplicationError) as err:
        services.requirement_create(user=board, conclusion=conclusion, organization=tree.q3, text="Khắc phục",
                                    deadline=D(9999, 12, 31))
    assert "01/01/1945" in err.value.message
    assert not RemediationRequirement.objects.exists()


@pytest.fixture
def requirement(tree, board):
    return walk(tree, board, targets=[tree.cuchi], status=S.FOLLOWING_UP,
                deadline=D(2030, 12, 31)).requirements[tree.cuchi.pk]


def test_the_same_progress_report_sent_twice_is_one_row_and_a_409(api, requirement, cuchi_reporter):
    client = api.as_user(cuchi_reporter)
    body = {"requirement": requirement.pk, "text": "Đã tổ chức kiểm điểm.", "percent": 60}
    assert client.post(f"{API}/progress-reports/", body, format="json").status_code == 201
    second = client.post(f"{API}/progress-reports/", body, format="json")
    assert second.status_code == 409 and second.json()["error"]["code"] == "duplicate"
    assert ProgressReport.objects.count() == 1
    changed = client.post(f"{API}/progress-reports/", {**body, "percent": 80}, format="json")
    assert changed.status_code == 201 and ProgressReport.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_the_same_progress_report_sent_twice_at_once_is_one_row(requirement, cuchi_reporter):
    barrier, outcomes = threading.Barrier(2), []

    def send():
        try:
            barrier.wait()
            report = services.progress_report_submit(
                user=cuchi_reporter, requirement=RemediationRequirement.objects.get(pk=requirement.pk),
                text="Đã tổ chức kiểm điểm.", percent=60)
            outcomes.append(("ok", report.pk))
        except ApplicationError as exc:
            outcomes.append((exc.code, exc.status))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["duplicate", "ok"]
    assert ProgressReport.objects.count() == 1

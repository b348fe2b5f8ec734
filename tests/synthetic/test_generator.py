"""The synthetic data behaves like real data: every record passes its model's
own validation, and every report kind and the rule run complete over it."""
import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bench.synthetic import generate
from core.services import SYSTEM
from inspection.choices import RequirementStatus
from inspection.models import Inspection, RemediationRequirement
from organizations.models import CellMeeting, Organization
from reports import kinds
from reports.choices import ReportStatus
from reports.periods import period_between
from reports.services import report_generate, report_request
from rules.choices import RunStatus
from rules.services import check_run_create, check_run_execute

pytestmark = pytest.mark.django_db

APPS = ("organizations", "cadres", "inspection")
# Errors that say "this record may no longer be edited" (an issued notice, a concluded
# inspection's findings): true of the stored record, not a fault in it.
FROZEN_CODES = {"findings_frozen", "conclusion_frozen"}
# Models the generator leaves empty: uploaded files and the import log.
NOT_GENERATED = {
    "CadreImport", "DocumentFile", "FindingAttachment", "ProgressAttachment",
}
SAMPLE = 5


@pytest.fixture
def small():
    return generate(scale="small", seed=7)


def _codes(error):
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _models():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_a_sample_of_every_model_passes_full_clean(small):
    checked = set()
    for model in _models():
        rows = list(model.objects.order_by("pk")[:SAMPLE]) + list(model.objects.order_by("-pk")[:SAMPLE])
        if not rows:
            continue
        for obj in rows:
            try:
                obj.full_clean()
            except ValidationError as exc:
                assert _codes(exc) <= FROZEN_CODES, f"{model.__name__} {obj.pk}: {exc}"
        checked.add(model.__name__)
    empty = {m.__name__ for m in _models()} - checked
    assert empty <= NOT_GENERATED, empty
    assert {"Organization", "CellMeeting", "QualityRating", "MemberRating", "Cadre", "PlanningEntry",
            "TrainingRecord", "Movement", "Finding", "RemediationRequirement", "RequirementEvent",
            "DeadlineExtension", "ProgressReport", "OrganizationSuccession", "Congress", "CommitteeMember",
            "AdmissionYear", "MembershipStructure", "TitleAssignment", "InspectionProgram"} <= checked


def test_findings_of_a_running_inspection_pass_full_clean_without_exception(small):
    running = Inspection.objects.filter(status="in_progress").first()
    assert running is not None
    for finding in running.findings.all():
        finding.full_clean()


def test_requirements_have_realistic_timelines(small):
    statuses = set(RemediationRequirement.objects.values_list("status", flat=True))
    assert RequirementStatus.VERIFIED in statuses
    assert RemediationRequirement.objects.filter(is_overdue=True).exists()
    assert RemediationRequirement.objects.exclude(deadline=F("original_deadline")).exists()
    verified = RemediationRequirement.objects.filter(status=RequirementStatus.VERIFIED).count()
    assert verified > RemediationRequirement.objects.count() // 3


class _Rollback(Exception):
    pass


def _generated_values():
    values = {}
    try:
        with transaction.atomic():
            generate(scale="small", seed=7)
            values["requirements"] = list(RemediationRequirement.objects.order_by("pk").values_list(
                "text", "status", "deadline", "is_overdue"))
            values["meetings"] = list(CellMeeting.objects.order_by("pk").values_list("date", "present"))
            raise _Rollback
    except _Rollback:
        pass
    return values


def test_same_seed_same_data():
    assert _generated_values() == _generated_values()


def test_the_reform_closes_and_links_organizations(small):
    closed = Organization.objects.filter(valid_to__isnull=False, kind="grassroots_committee")
    assert closed.count() == 2
    assert all(org.successor_links.exists() for org in closed)


def test_every_report_kind_completes_over_the_whole_city(small, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    city = Organization.objects.get(code="s1-tu")
    today = timezone.localdate()
    for code in sorted(kinds._REGISTRY):
        period = period_between(datetime.date(today.year, 1, 1), today)
        report, _created = report_request(user=SYSTEM, kind=code, scope=city, period=period, enqueue=False)
        report_generate(report_id=report.pk)
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE, f"{code}: {report.error}"
        assert report.files.count() == len(kinds.get_kind(code).default_formats)


def test_the_rule_run_completes_over_the_whole_city(small):
    city = Organization.objects.get(code="s1-tu")
    today = timezone.localdate()
    run = check_run_create(user=SYSTEM, scope=city, period_start=datetime.date(today.year - 1, 1, 1),
                           period_end=datetime.date(today.year - 1, 12, 31))
    run = check_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.results.exists()


def test_several_cities_side_by_side_as_the_nation_scale_builds_them(monkeypatch):
    from bench.synthetic import base

    monkeypatch.setitem(base.SCALES, "two", base.Scale(**{**base.SCALES["small"].__dict__, "provinces": 2}))
    generate(scale="two", seed=7)
    first, second = Organization.objects.get(code="s1-tu"), Organization.objects.get(code="s2-tu")
    assert Organization.objects.within(first).count() == Organization.objects.within(second).count()
    assert RemediationRequirement.objects.within(second).exists()
    assert not Organization.objects.within(second).filter(pk=first.pk).exists()

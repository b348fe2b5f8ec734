import datetime

import factory

from reports.choices import ReportStatus
from reports.models import Report
from tests.factories import OrganizationFactory


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = "test_fast"
    scope = factory.SubFactory(OrganizationFactory)
    period_key = factory.Sequence(lambda n: f"{2000 + n % 100}")
    period_start = factory.LazyAttribute(lambda o: datetime.date(int(o.period_key[:4]), 1, 1))
    period_end = factory.LazyAttribute(lambda o: datetime.date(int(o.period_key[:4]), 12, 31))
    status = ReportStatus.QUEUED


# --- remediation built through the real services, on chosen days ----------------------------
D = datetime.date


def at(day, hour=9):
    """A moment of `day`, local time (events happen on the day the test says)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def issued(tree, user, *, targets, issued_on, requirements, document=None, code=None, program_item=None,
           findings=(), sections=(), decision_document=None, signer=None):
    """An inspection of `targets` walked to «reporting» (each target with one
    tagged limitation, see tests.inspection.factories.walk), `findings` added
    (finding_create's arguments), then its notice issued on `issued_on` with
    `requirements`: [(organization, text, deadline)] or dicts of requirement_create's
    arguments; `signer`: conclusion_issue's signer_* arguments. Returns (inspection, conclusion,
    [requirement, ...]) in the order given."""
    from inspection import services
    from inspection.choices import InspectionStatus
    from tests.inspection.factories import DocumentFactory, walk

    inspection = walk(tree, user, targets=targets, status=InspectionStatus.REPORTING, code=code,
                      program_item=program_item, decision_document=decision_document).inspection
    for finding in findings:
        services.finding_create(user=user, inspection=inspection, **finding)
    conclusion = services.conclusion_create(user=user, inspection=inspection, summary="Kết luận chung.",
                                            document=document or DocumentFactory(issued_on=issued_on),
                                            sections=[{"organization": org, "text": text} for org, text in sections])
    made = [services.requirement_create(user=user, conclusion=conclusion, at=at(issued_on, 8), **(
        spec if isinstance(spec, dict) else dict(zip(("organization", "text", "deadline"), spec, strict=True))))
            for spec in requirements]
    services.conclusion_issue(user=user, conclusion=conclusion, at=at(issued_on), **(signer or {}))
    return inspection, conclusion, made


def report_progress(user, requirement, day, percent=100, text="Đã khắc phục xong."):
    from inspection import services

    return services.progress_report_submit(user=user, requirement=requirement, percent=percent, text=text,
                                           at=at(day))


def verify(user, requirement, day):
    from inspection import services

    report_progress(user, requirement, day)
    return services.requirement_verify(user=user, requirement=requirement, at=at(day, 15))


def extend(user, requirement, day, new_deadline):
    from inspection import services

    extension = services.extension_request(user=user, requirement=requirement, requested_deadline=new_deadline,
                                           reason="Đơn vị chuẩn bị đại hội.", at=at(day))
    return services.extension_decide(user=user, extension=extension, approve=True, note="Đồng ý.", at=at(day, 15))

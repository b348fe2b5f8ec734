"""Inspections and remediation requirements for the rule tests, built through
the inspection services with explicit dates (the remediation rule replays
the requirements' timelines, so every step needs its day)."""
import datetime
from zoneinfo import ZoneInfo

from inspection import services
from inspection.choices import InspectionStatus
from tests.inspection.factories import DocumentFactory, walk

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE, ISSUED_ON = D(2019, 12, 31), D(2019, 7, 2)


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def issued_requirements(tree, user, targets, *, deadline=DEADLINE, issued_on=ISSUED_ON):
    """An inspection of `targets` concluded by a notice issued on `issued_on`,
    with one requirement per target due on `deadline`: {org code: requirement}."""
    out = walk(tree, user, targets=targets, status=InspectionStatus.REPORTING)
    conclusion = services.conclusion_create(
        user=user, inspection=out.inspection, summary="Kết luận chung.", document=DocumentFactory(),
        sections=[{"organization": org, "text": f"Kết luận đối với {org.name}."} for org in targets])
    requirements = {
        org.code: services.requirement_create(user=user, conclusion=conclusion, organization=org, deadline=deadline,
                                              text=f"Khắc phục hạn chế ở {org.name}.", at=at(issued_on, 8))
        for org in targets
    }
    services.conclusion_issue(user=user, conclusion=conclusion, at=at(issued_on))
    return requirements


def report(user, requirement, day, percent=100):
    return services.progress_report_submit(user=user, requirement=requirement, text="Báo cáo tiến độ.",
                                           percent=percent, at=at(day))


def verify(user, requirement, day):
    return services.requirement_verify(user=user, requirement=requirement, at=at(day))


def extend(user, requirement, to_day, decided_on):
    extension = services.extension_request(user=user, requirement=requirement, requested_deadline=to_day,
                                           reason="Đề nghị gia hạn.", at=at(decided_on - datetime.timedelta(days=3)))
    return services.extension_decide(user=user, extension=extension, approve=True, at=at(decided_on))

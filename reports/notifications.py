"""E-mail notifications sent at most once per (object, reason, day, recipient).

The log row is inserted first, inside the transaction; the mail goes out only
when the insert succeeded, and a failure to send rolls the row back so that a
retry sends it. A retried task or a schedule firing twice therefore sends
nothing new. (A crash between the SMTP hand-off and the commit can still send
twice: at-least-once is the honest guarantee of any mail sender.)"""
import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scoping import STEP, scope_organization_of
from organizations.choices import Role
from organizations.models import User

from .choices import NotificationReason
from .models import NotificationLog, Report


@transaction.atomic
def notify_once(
    *, recipient_email: str, reason: str, obj, day: datetime.date, subject: str, body: str, organization=None
) -> NotificationLog | None:
    """Send one e-mail unless the same (obj, reason, day, recipient) was sent.
    Returns the log row, or None when it had been sent already."""
    if organization is None:
        organization = scope_organization_of(obj)[0]
    log = NotificationLog(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, organization=organization,
        reason=NotificationReason(reason), day=day, recipient=recipient_email.strip().lower(),
        subject=subject[:255], sent_at=timezone.now(),
    )
    # The unique constraint decides (race-free); no SELECT first.
    log.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        return None
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient_email], fail_silently=False)
    return log


def staff_covering(organization):
    """Active Board staff (inspectors, team leaders) whose scope covers `organization`."""
    ancestor_paths = [organization.path[:end] for end in range(STEP, len(organization.path) + 1, STEP)]
    return (
        User.objects.filter(is_active=True, role__in=[Role.INSPECTOR, Role.TEAM_LEADER])
        .filter(Q(organizations__path__in=ancestor_paths))
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def report_ready_recipients(report: Report) -> list[str]:
    if report.requested_by_id:
        return [report.requested_by.email] if report.requested_by.email else []
    return list(staff_covering(report.scope).values_list("email", flat=True))


def notify_report_ready(*, report: Report, day: datetime.date | None = None) -> int:
    """Tell whoever asked (or, for a scheduled report, the Board staff covering
    its scope) that the report can be downloaded. Returns how many were sent."""
    day = day or timezone.localdate()
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    subject = _("[Báo cáo] %(report)s đã lập xong") % {"report": report}
    body = _(
        "Báo cáo “%(kind)s” của %(scope)s, kỳ %(period)s (lần lập %(version)s) đã lập xong.\n"
        "Xem và tải về tại: %(url)s\n"
    ) % {
        "kind": report.kind_label, "scope": report.scope, "period": report.period_key,
        "version": report.version, "url": f"{base_url}/reports/{report.pk}/",
    }
    sent = 0
    for email in report_ready_recipients(report):
        if notify_once(
            recipient_email=email, reason=NotificationReason.REPORT_READY, obj=report, day=day,
            subject=subject, body=body, organization=report.scope,
        ):
            sent += 1
    return sent

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

from core.links import absolute_url
from core.scoping import ancestor_paths, scope_organization_of
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


BOARD_ROLES = (Role.INSPECTOR, Role.TEAM_LEADER)


def users_covering(organization, roles):
    """Active users of `roles`, with an e-mail address, whose scope covers `organization`."""
    return (
        User.objects.filter(is_active=True, role__in=list(roles))
        .filter(Q(organizations__path__in=ancestor_paths(organization.path)))
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def staff_covering(organization):
    """Active Board staff (inspectors, team leaders) whose scope covers `organization`."""
    return users_covering(organization, BOARD_ROLES)


def report_ready_recipients(report: Report) -> list[str]:
    if report.requested_by_id:
        return [report.requested_by.email] if report.requested_by.email else []
    return list(staff_covering(report.scope).values_list("email", flat=True))


def notify_report_ready(*, report: Report, day: datetime.date | None = None) -> int:
    """Tell whoever asked (or, for a scheduled report, the Board staff covering
    its scope) that the report can be downloaded. Returns how many were sent."""
    day = day or timezone.localdate()
    subject = _("[Báo cáo] %(report)s đã lập xong") % {"report": report}
    body = _(
        "Báo cáo “%(kind)s” của %(scope)s, kỳ %(period)s (lần lập %(version)s) đã lập xong.\n"
        "Xem và tải về tại: %(url)s\n"
    ) % {
        "kind": report.kind_label, "scope": report.scope, "period": report.period_display,
        "version": report.version, "url": absolute_url("reports:report-detail", pk=report.pk),
    }
    sent = 0
    for email in report_ready_recipients(report):
        if notify_once(
            recipient_email=email, reason=NotificationReason.REPORT_READY, obj=report, day=day,
            subject=subject, body=body, organization=report.scope,
        ):
            sent += 1
    return sent


# --- remediation deadlines --------------------------------------------------------------
# Reminders go out 7 days and 1 day before the deadline, then the day after it
# has passed and every OVERDUE_EVERY_DAYS days after that while it stays overdue.
DUE_REASONS = {7: NotificationReason.DUE_IN_7_DAYS, 1: NotificationReason.DUE_IN_1_DAY}
OVERDUE_EVERY_DAYS = 7
CHUNK = 500
DIGEST_LINES = 50


def deadline_reason(deadline: datetime.date, day: datetime.date) -> str | None:
    """Why a pending requirement with this deadline is notified on `day`, if it is."""
    days_left = (deadline - day).days
    if days_left in DUE_REASONS:
        return DUE_REASONS[days_left]
    if days_left < 0 and (-days_left - 1) % OVERDUE_EVERY_DAYS == 0:
        return NotificationReason.OVERDUE
    return None


def _deadline_candidates(day: datetime.date):
    from inspection.choices import REQUIREMENT_PENDING, ConclusionStatus
    from inspection.models import RemediationRequirement

    due_on = [day + datetime.timedelta(days=days) for days in DUE_REASONS]
    return RemediationRequirement.objects.filter(
        conclusion__status=ConclusionStatus.ISSUED, status__in=REQUIREMENT_PENDING,
    ).filter(Q(deadline__in=due_on) | Q(deadline__lt=day))


def _chunks(ids, size=CHUNK):
    chunk = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _site_line():
    return "\n" + _("Hệ thống quản lý kiểm tra: %(url)s") % {"url": absolute_url("home")} + "\n"


def _requirement_line(requirement):
    """The requirement's own page, where the unit reports progress or asks for more time."""
    url = absolute_url("inspection:requirement-detail", pk=requirement.pk)
    return "\n" + _("Báo cáo tiến độ, đề nghị gia hạn tại: %(url)s") % {"url": url} + "\n"


def _requirement_mail(requirement, reason, day):
    conclusion = requirement.conclusion
    deadline = requirement.deadline.strftime("%d/%m/%Y")
    if reason == NotificationReason.OVERDUE:
        subject = _("[Quá hạn] Yêu cầu khắc phục đã quá hạn %(days)s ngày (hạn %(deadline)s)") % {
            "days": (day - requirement.deadline).days, "deadline": deadline}
    else:
        subject = _("[Nhắc hạn] Yêu cầu khắc phục còn %(days)s ngày đến hạn (%(deadline)s)") % {
            "days": (requirement.deadline - day).days, "deadline": deadline}
    body = _(
        "Kính gửi %(organization)s,\n\n"
        "Yêu cầu khắc phục theo %(notice)s (cuộc kiểm tra %(inspection)s):\n“%(text)s”\n\n"
        "Thời hạn: %(deadline)s. Trạng thái: %(status)s.\n"
        "Đề nghị đơn vị báo cáo tiến độ thực hiện trên hệ thống quản lý kiểm tra, hoặc đề nghị gia hạn có lý do.\n"
    ) % {
        "organization": requirement.responsible_organization.name,
        "notice": _("Thông báo kết luận số %(document)s") % {"document": conclusion.document}
        if conclusion.document_id else _("thông báo kết luận"),
        "inspection": conclusion.inspection.code, "text": requirement.text, "deadline": deadline,
        "status": requirement.get_status_display(),
    } + _requirement_line(requirement)
    return subject, body


def _digest_line(requirement, reason, day):
    if reason == NotificationReason.OVERDUE:
        situation = _("quá hạn %(days)s ngày") % {"days": (day - requirement.deadline).days}
    else:
        situation = _("còn %(days)s ngày") % {"days": (requirement.deadline - day).days}
    return (requirement.responsible_organization.name,
            f"- {requirement.text[:200]} (hạn {requirement.deadline:%d/%m/%Y}, {situation})")


def _send_digests(digests, day) -> int:
    """One e-mail per Board staff member listing today's reminders in their scope."""
    sent = 0
    for user, lines in digests.values():
        organization = user.organizations.order_by("path").first()
        if organization is None:
            continue
        shown = sorted(lines)[:DIGEST_LINES]
        text, current = [], None
        for responsible, line in shown:
            if responsible != current:
                text.append(f"\n{responsible}:")
                current = responsible
            text.append(line)
        if len(lines) > len(shown):
            text.append(_("\n… và %(n)s yêu cầu khác (xem báo cáo tổng hợp yêu cầu quá hạn).") % {
                "n": len(lines) - len(shown)})
        subject = _("[Tổng hợp] Nhắc hạn yêu cầu khắc phục ngày %(day)s: %(n)s yêu cầu") % {
            "day": day.strftime("%d/%m/%Y"), "n": len(lines)}
        body = _("Các yêu cầu khắc phục trong phạm vi phụ trách được nhắc hạn hôm nay:\n%(lines)s\n") % {
            "lines": "\n".join(text)} + _site_line()
        if notify_once(recipient_email=user.email, reason=NotificationReason.DIGEST, obj=user, day=day,
                       subject=subject, body=body, organization=organization):
            sent += 1
    return sent


def notify_requirement_deadlines(*, day: datetime.date | None = None) -> dict:
    """The daily sweep: each pending requirement due in 7 days, due tomorrow, or
    overdue (on its reminder day) is mailed to the reporters of its responsible
    organization; each Board staff member covering one gets a digest. Streamed
    over requirement ids in chunks; run twice on the same day, it sends nothing new."""
    from inspection.models import RemediationRequirement

    day = day or timezone.localdate()
    reporters, staff = {}, {}  # responsible organization path -> users (looked up once per organization)
    digests = {}  # staff pk -> (user, [(responsible organization, line)])
    counts = {"requirements": 0, "sent": 0, "digests": 0}
    ids = _deadline_candidates(day).order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    for chunk in _chunks(ids):
        requirements = RemediationRequirement.objects.filter(pk__in=chunk).select_related(
            "responsible_organization", "conclusion__document", "conclusion__inspection").order_by("pk")
        for requirement in requirements:
            reason = deadline_reason(requirement.deadline, day)
            if reason is None:
                continue
            counts["requirements"] += 1
            organization = requirement.responsible_organization
            if organization.path not in reporters:
                reporters[organization.path] = list(users_covering(organization, [Role.REPORTER]))
                staff[organization.path] = list(staff_covering(organization))
            subject, body = _requirement_mail(requirement, reason, day)
            for user in reporters[organization.path]:
                if notify_once(recipient_email=user.email, reason=reason, obj=requirement, day=day, subject=subject,
                               body=body, organization=organization):
                    counts["sent"] += 1
            for user in staff[organization.path]:
                digests.setdefault(user.pk, (user, []))[1].append(_digest_line(requirement, reason, day))
    counts["digests"] = _send_digests(digests, day)
    return counts

"""Follow-up of conclusion notices: the remediation requirements (yêu cầu khắc
phục) of an inspected organization are done and verified by the Board within
their deadline.

Judged as things stood on the period's last day, replayed from each
requirement's timeline (RequirementEvent), so that re-checking a past period
gives the answer of that day: the deadline in force then (an approved
extension moves it), whether the Board had verified the remedy by then (a
later reopening undoes a verification). A requirement whose deadline is the
as-of day itself is not yet overdue; one the unit reported done but the Board
has not verified still counts (the rule asks for a verified remedy). A remedy
verified after its deadline is no breach any more, the sentence mentions it."""
import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.scoping import subtree_q
from inspection.choices import ConclusionStatus, RequirementEventKind, RequirementStatus
from inspection.models import RemediationRequirement, RequirementEvent

from ..base import Rule, register
from ..choices import Confidence, Outcome, Severity
from .common import day

E = RequirementEventKind
# The ninth topic (inspection migration 0004): follow-up examined by a later inspection.
TOPIC = "remediation"
TIMELINE_KINDS = (E.ISSUED, E.PROGRESS_REPORTED, E.EXTENSION_APPROVED, E.VERIFIED, E.REOPENED)

MSG_NONE_IN_FORCE = gettext_noop("Đến ngày %(day)s chưa có yêu cầu khắc phục nào có hiệu lực.")
MSG_OVERDUE = gettext_noop(
    "Đến ngày %(day)s có %(overdue)s/%(total)s yêu cầu khắc phục đã quá hạn mà chưa được xác nhận hoàn thành "
    "(hạn %(list)s).%(details)s"
)
MSG_ON_TIME = gettext_noop(
    "Đến ngày %(day)s không có yêu cầu khắc phục nào quá hạn chưa được xác nhận hoàn thành "
    "(%(total)s yêu cầu có hiệu lực).%(details)s"
)
MSG_AWAITING = gettext_noop(
    " Trong số quá hạn có %(count)s yêu cầu đơn vị đã báo cáo khắc phục xong, chờ Ban xác nhận."
)
MSG_LATE = gettext_noop(" Có %(count)s yêu cầu được xác nhận hoàn thành sau thời hạn trong kỳ.")


class State:
    """One requirement as it stood on the as-of day."""

    def __init__(self, requirement_id, deadline):
        self.id = requirement_id
        self.deadline = deadline
        self.issued = False
        self.status = RequirementStatus.OPEN
        self.verified_on = None

    def apply(self, kind, on, data):
        if kind == E.ISSUED:
            self.issued = True
        elif kind == E.EXTENSION_APPROVED and data.get("deadline"):
            self.deadline = datetime.date.fromisoformat(data["deadline"])
        elif kind == E.PROGRESS_REPORTED:
            self.status = RequirementStatus.REPORTED_DONE if data.get("percent", 0) >= 100 else (
                RequirementStatus.IN_PROGRESS)
        elif kind == E.VERIFIED:
            self.status, self.verified_on = RequirementStatus.VERIFIED, on
        elif kind == E.REOPENED:
            self.status, self.verified_on = RequirementStatus.REOPENED, None


def requirement_states(organization_ids, as_of, scope=None):
    """{organization id: [State]} of the requirements of issued notices, as
    they stood at the end of `as_of`. Two queries for any number of organizations."""
    requirements = RemediationRequirement.objects.filter(conclusion__status=ConclusionStatus.ISSUED)
    requirements = (requirements.filter(subtree_q(scope.path, "organization__")) if scope is not None
                    else requirements.filter(organization_id__in=organization_ids))
    states, by_organization = {}, defaultdict(list)
    for pk, organization_id, deadline in requirements.values_list("pk", "organization_id", "original_deadline"):
        states[pk] = State(pk, deadline)
        by_organization[organization_id].append(states[pk])
    cutoff = timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min))
    events = (
        RequirementEvent.objects.filter(requirement__in=requirements.values("pk"), kind__in=TIMELINE_KINDS,
                                        at__lt=cutoff)
        .values_list("requirement_id", "kind", "at", "data").order_by("at", "pk")
    )
    for requirement_id, kind, at, data in events:
        states[requirement_id].apply(kind, timezone.localdate(at), data or {})
    return {organization_id: [s for s in rows if s.issued] for organization_id, rows in by_organization.items()}


@register
class RemediationOnTime(Rule):
    code = "RM-1"
    title = _("Yêu cầu khắc phục sau kiểm tra được thực hiện và được xác nhận hoàn thành đúng thời hạn")
    regulation = (
        "Thông báo kết luận kiểm tra của cấp ủy (thời hạn khắc phục ghi trong chính thông báo); QĐ 30-QĐ/TW "
        "(2016), QĐ 22-QĐ/TW (28/7/2021), QĐ 296-QĐ/TW (30/5/2025) về công tác kiểm tra, giám sát; quy trình QĐ "
        "331-QĐ/TW (18/6/2025): theo dõi, đôn đốc việc khắc phục (các bước kết thúc của quy trình chưa đối chiếu "
        "văn bản, không dùng để đánh giá)"
    )
    topic = TOPIC
    severity = Severity.MEDIUM
    # The deadline is written in the conclusion notice itself (read in the
    # document); only the closing steps of the procedure are [M].
    confidence = Confidence.VERIFIED
    defaults = {"max_overdue": 0, "grace_days": 0}
    note = _("max_overdue: số yêu cầu quá hạn được chấp nhận; grace_days: số ngày sau thời hạn chưa tính là quá hạn.")

    def targets(self, scope):
        """The organizations inspected under an issued conclusion notice."""
        inspected = RemediationRequirement.objects.filter(conclusion__status=ConclusionStatus.ISSUED)
        return scope.descendants(include_self=True).filter(pk__in=inspected.values("organization_id"))

    def evaluate(self, organization, ctx):
        return next(iter(self.evaluate_many([organization], ctx)))

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        states = requirement_states([o.pk for o in organizations], ctx.as_of, ctx.scope)
        for organization in organizations:
            yield self.judge(organization, states.get(organization.pk, []), ctx)

    def judge(self, organization, states, ctx):
        if not states:
            return self.result(organization, Outcome.NOT_APPLICABLE, message=MSG_NONE_IN_FORCE,
                               params={"day": day(ctx.as_of)})
        grace = datetime.timedelta(days=int(ctx.threshold("grace_days")))
        overdue = [s for s in states if s.status != RequirementStatus.VERIFIED and s.deadline + grace < ctx.as_of]
        awaiting = [s for s in overdue if s.status == RequirementStatus.REPORTED_DONE]
        late = [s for s in states if s.verified_on and s.verified_on > s.deadline
                and ctx.period_start <= s.verified_on]
        details = ""
        if awaiting:
            details += gettext(MSG_AWAITING) % {"count": len(awaiting)}
        if late:
            details += gettext(MSG_LATE) % {"count": len(late)}
        allowed = ctx.threshold("max_overdue")
        params = {"day": day(ctx.as_of), "overdue": len(overdue), "total": len(states), "details": details,
                  "list": ", ".join(day(deadline) for deadline in sorted({s.deadline for s in overdue}))}
        return self.result(
            organization, Outcome.BREACH if len(overdue) > allowed else Outcome.PASS, measured=len(overdue),
            threshold=allowed, message=MSG_OVERDUE if overdue else MSG_ON_TIME, params=params,
            evidence={"inspection.remediationrequirement": sorted(s.id for s in overdue + late)},
        )

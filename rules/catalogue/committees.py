"""Composition of the committee elected at a congress (CT 35-CT/TW): members
under 40 at least 10 % [R], women at least 15 % [M]. Judged on the committee
of the latest congress that closed by the period's last day, as it stood on
that day (the election is the record's date)."""
import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from organizations.metrics import age_on
from organizations.models import CommitteeMember, Congress

from ..base import Rule, format_percent, register, share
from ..choices import Confidence, Outcome, Severity
from .common import COMMITTEE_LEVELS, at_levels, day

CT35 = "CT 35-CT/TW (30/5/2019) của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội XIII"
MSG_NO_CONGRESS = gettext_noop("Chưa có đại hội bầu cấp ủy đến ngày %(day)s.")
MSG_NO_MEMBERS = gettext_noop("Chưa có danh sách cấp ủy viên được bầu tại đại hội nhiệm kỳ %(term)s.")


class CompositionRule(Rule):
    topic = "congress_preparation"
    snapshot = True
    valid_from = datetime.date(2019, 5, 30)
    valid_to = datetime.date(2025, 4, 13)  # CT 45-CT/TW (14/4/2025) for the 2025–2030 congresses
    severity = Severity.MEDIUM
    msg = ""

    def targets(self, scope):
        return at_levels(scope, COMMITTEE_LEVELS)

    def evaluate(self, organization, ctx):
        return next(iter(self.evaluate_many([organization], ctx)))

    def counted(self, member, elected_on, ctx):
        raise NotImplementedError

    def evaluate_many(self, organizations, ctx):
        """Two queries for any number of organizations, read once per run for CC-1 and CC-2."""
        organizations = list(organizations)
        latest, members = ctx.shared_figures(
            ("elected_committees", ctx.as_of, tuple(o.pk for o in organizations)),
            lambda: self.elected_committees([o.pk for o in organizations], ctx.as_of))
        for organization in organizations:
            congress = latest.get(organization.pk)
            if congress is None:
                yield self.insufficient(organization, MSG_NO_CONGRESS, day=day(ctx.as_of))
            elif organization.pk not in members:
                yield self.insufficient(organization, MSG_NO_MEMBERS, term=congress.term.name)
            else:
                yield self.judge(organization, congress, members[organization.pk], ctx)

    @staticmethod
    def elected_committees(organization_ids, as_of):
        """({organization id: its latest congress closed by `as_of`}, {organization
        id: [CommitteeMember] elected there and serving on the closing day})."""
        latest = {}
        for congress in Congress.objects.filter(
            organization_id__in=organization_ids, closed_on__lte=as_of,
        ).select_related("term").order_by("closed_on"):
            latest[congress.organization_id] = congress
        members = {}
        for member in CommitteeMember.objects.filter(
            organization_id__in=list(latest), term_id__in={c.term_id for c in latest.values()},
        ).order_by("pk"):
            congress = latest[member.organization_id]
            if member.term_id == congress.term_id and member.active_on(congress.closed_on):
                members.setdefault(member.organization_id, []).append(member)
        return latest, members

    def judge(self, organization, congress, members, ctx):
        elected_on = congress.closed_on
        if not self.in_force(elected_on):  # a committee elected before CT 35 (or after CT 45)
            return self.not_judged(organization, elected_on, **{"organizations.congress": [congress.pk]})
        counted = [m for m in members if self.counted(m, elected_on, ctx)]
        minimum = ctx.threshold("min_share")
        measured = share(len(counted), len(members))
        return self.result(
            organization, Outcome.BREACH if len(counted) < minimum * len(members) else Outcome.PASS,
            measured=measured, threshold=minimum, message=self.msg,
            params={"term": congress.term.name, "day": day(elected_on), "members": len(members),
                    "counted": len(counted), "share": format_percent(measured), "min": format_percent(minimum),
                    **self.extra_params(ctx)},
            evidence={"organizations.congress": [congress.pk],
                      "organizations.committeemember": [m.pk for m in members]},
        )

    def extra_params(self, ctx):
        return {}


@register
class YoungCommitteeMembers(CompositionRule):
    code = "CC-1"
    # xgettext:no-python-format
    title = _("Cấp ủy viên dưới 40 tuổi không dưới 10 % (Chỉ thị 35-CT/TW)")
    regulation = CT35 + ": cấp ủy viên trẻ dưới 40 tuổi không dưới 10 %"
    confidence = Confidence.VERIFIED
    defaults = {"min_share": 0.1, "young_age": 40}
    msg = gettext_noop(
        "Cấp ủy nhiệm kỳ %(term)s (bầu ngày %(day)s) có %(counted)s/%(members)s cấp ủy viên dưới %(young_age)s "
        "tuổi, tỷ lệ %(share)s (yêu cầu không dưới %(min)s)."
    )

    def counted(self, member, elected_on, ctx):
        return age_on(member.birth_date, elected_on) < ctx.threshold("young_age")

    def extra_params(self, ctx):
        return {"young_age": int(ctx.threshold("young_age"))}


@register
class WomenCommitteeMembers(CompositionRule):
    code = "CC-2"
    # xgettext:no-python-format
    title = _("Cấp ủy viên nữ không dưới 15 % (Chỉ thị 35-CT/TW)")
    regulation = CT35 + ": cấp ủy viên nữ không dưới 15 % [M: chưa đối chiếu văn bản]"
    confidence = Confidence.TO_CONFIRM
    defaults = {"min_share": 0.15}
    msg = gettext_noop(
        "Cấp ủy nhiệm kỳ %(term)s (bầu ngày %(day)s) có %(counted)s/%(members)s cấp ủy viên nữ, tỷ lệ %(share)s "
        "(yêu cầu không dưới %(min)s)."
    )

    def counted(self, member, elected_on, ctx):
        return member.gender == "female"

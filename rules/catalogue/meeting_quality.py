"""Cell size and the quality of cell meetings from the fields the records
hold: at least three members (CM-5), self-criticism and criticism held
(CM-6), young members speaking (CM-7). The seed's limitations: "tinh thần tự
phê bình và phê bình yếu, đảng viên trẻ ít tham gia phát biểu ý kiến"."""
import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from organizations.models import CellMeeting

from ..base import format_percent, register, share
from ..choices import Confidence, Outcome, Severity
from .common import day
from .meetings import HD12, MSG_NO_DATA, CellRule, of_cells, outside_meetings


@register
class CellSize(CellRule):
    """The members on the roll of the cell's last meeting in the period. The
    records do not tell full from probationary members: a cell with fewer
    than `min_members` on its roll certainly has fewer full members."""

    code = "CM-5"
    title = _("Chi bộ có ít nhất 3 đảng viên chính thức")
    regulation = (
        "Điều lệ Đảng và QĐ 29-QĐ/TW (25/7/2016) thi hành Điều lệ Đảng: chi bộ có từ 3 đảng viên chính thức trở "
        "lên [S: điều khoản cụ thể cần đối chiếu]"
    )
    severity = Severity.MEDIUM
    confidence = Confidence.TO_CONFIRM
    defaults = {"min_members": 3}

    def evaluate(self, organization, ctx):
        return next(iter(self.evaluate_many([organization], ctx)))

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        last = {}
        for row in CellMeeting.objects.filter(
            of_cells([o.pk for o in organizations], ctx), date__range=(ctx.period_start, ctx.period_end),
        ).values("id", "cell_id", "date", "members_total").order_by("date", "id"):
            last[row["cell_id"]] = row
        period = {"start": day(ctx.period_start), "end": day(ctx.period_end)}
        minimum = ctx.threshold("min_members")
        outside = outside_meetings([o.pk for o in organizations], ctx)
        for organization in organizations:
            row = last.get(organization.pk)
            if row is None:
                yield (self.not_judged(organization, outside[organization.pk]) if organization.pk in outside
                       else self.insufficient(organization, MSG_NO_DATA, **period))
                continue
            members = row["members_total"]
            yield self.result(
                organization, Outcome.BREACH if members < minimum else Outcome.PASS, measured=members,
                threshold=minimum,
                message=gettext_noop(
                    "Buổi sinh hoạt gần nhất trong kỳ (%(day)s) ghi %(members)s đảng viên; chi bộ cần có ít nhất "
                    "%(min)s đảng viên chính thức."
                ),
                params={"day": day(row["date"]), "members": members, "min": int(minimum)},
                evidence={"organizations.cellmeeting": [row["id"]]},
            )


class MeetingShareRule(CellRule):
    """Share of the period's meetings with the quality mark ≥ `min_share`."""

    valid_from = datetime.date(2018, 7, 6)  # HD 12-HD/BTCTW
    severity = Severity.LOW
    confidence = Confidence.TO_CONFIRM
    defaults = {"min_share": 0.5}
    msg = ""

    def counts(self, stats):
        """(meetings with the mark, meetings, evidence ids of those without)."""
        raise NotImplementedError

    def judge(self, organization, row, stats, ctx):
        marked, total, without = self.counts(stats)
        minimum = ctx.threshold("min_share")
        measured = share(marked, total)
        return self.result(
            organization, Outcome.BREACH if marked < minimum * total else Outcome.PASS, measured=measured,
            threshold=minimum, message=self.msg,
            params={"marked": marked, "total": total, "share": format_percent(measured),
                    "min": format_percent(minimum)},
            evidence={"organizations.cellmeeting": without},
        )


@register
class CriticismHeld(MeetingShareRule):
    code = "CM-6"
    title = _("Sinh hoạt chi bộ có tự phê bình và phê bình")
    regulation = HD12 + " [M: tỷ lệ buổi sinh hoạt có tự phê bình và phê bình là thực tiễn theo dõi của Ban]"
    msg = gettext_noop(
        "%(marked)s/%(total)s buổi sinh hoạt có tự phê bình và phê bình, tỷ lệ %(share)s (yêu cầu không dưới %(min)s)."
    )

    def counts(self, stats):
        total = len(stats.meeting_ids)
        return total - stats.no_criticism_count, total, stats.no_criticism_ids


@register
class YoungMembersSpeak(MeetingShareRule):
    code = "CM-7"
    title = _("Đảng viên trẻ tham gia phát biểu trong sinh hoạt chi bộ")
    regulation = HD12 + " [M: tỷ lệ buổi sinh hoạt có đảng viên trẻ phát biểu là thực tiễn theo dõi của Ban]"
    msg = gettext_noop(
        "%(marked)s/%(total)s buổi sinh hoạt có đảng viên trẻ phát biểu, tỷ lệ %(share)s (yêu cầu không dưới %(min)s)."
    )

    def counts(self, stats):
        return stats.young_spoke_count, len(stats.meeting_ids), stats.no_young_spoke_ids

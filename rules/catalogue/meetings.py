"""Cell meetings (sinh hoạt chi bộ): monthly regular, quarterly thematic, the
HD 12 attendance test, the HD 42 minimum duration."""
import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.scoping import subtree_q
from core.services import SYSTEM
from organizations.metrics import complete_months, complete_quarters
from organizations.models import CellMeeting
from organizations.record_choices import MeetingKind
from organizations.selectors import cell_meeting_stats

from ..base import Rule, format_percent, register, share
from ..choices import Confidence, Outcome, Severity
from .common import CELL_KINDS, day

MSG_NO_PERIOD = gettext_noop("Chi bộ không hoạt động trong kỳ %(start)s–%(end)s.")
MSG_NO_DATA = gettext_noop("Chưa có dữ liệu sinh hoạt của chi bộ trong kỳ %(start)s–%(end)s.")
HD12 = "HD 12-HD/BTCTW (06/7/2018) về nâng cao chất lượng sinh hoạt chi bộ"


def of_cells(cell_ids, ctx):
    """The meetings of `cell_ids`; with the run's scope, of its subtree (a
    superset: each cell reads its own rows) rather than an IN list of 10,650
    ids bound into each statement."""
    return subtree_q(ctx.scope.path, "cell__") if ctx.scope is not None else Q(cell_id__in=cell_ids)


def outside_meetings(cell_ids, ctx):
    """When the run's period reaches beyond the rule's validity: {cell id:
    the first meeting of the run's period lying outside it} (one query), so
    that a cell whose meetings all predate the regulation is "not judged"."""
    if not ctx.clipped:
        return {}
    first = {}
    rows = CellMeeting.objects.filter(of_cells(cell_ids, ctx), date__range=(ctx.run_start, ctx.run_end)).exclude(
        date__range=(ctx.period_start, ctx.period_end))
    for cell_id, date in rows.values_list("cell_id", "date").order_by("date"):
        first.setdefault(cell_id, date)
    return first


def period(ctx):
    return {"start": day(ctx.period_start), "end": day(ctx.period_end)}


class CellRule(Rule):
    """A rule judged per cell from organizations.selectors.cell_meeting_stats
    (two queries for any number of cells)."""

    topic = "cell_meetings"

    def targets(self, scope):
        return scope.descendants(include_self=True).filter(kind__in=CELL_KINDS)

    def evaluate(self, organization, ctx):
        rows = cell_meeting_stats(user=SYSTEM, organization=organization, start=ctx.period_start, end=ctx.period_end)
        return self.judge_row(organization, next((r for r in rows if r["cell"].pk == organization.pk), None), ctx)

    def evaluate_many(self, organizations, ctx):
        if ctx.scope is None:
            yield from super().evaluate_many(organizations, ctx)
            return
        organizations = list(organizations)
        rows = ctx.shared_figures(("cell_meeting_stats", ctx.scope.pk, ctx.period_start, ctx.period_end), lambda: {
            row["cell"].pk: row
            for row in cell_meeting_stats(user=SYSTEM, organization=ctx.scope, start=ctx.period_start,
                                          end=ctx.period_end)
        })
        outside = outside_meetings([o.pk for o in organizations], ctx)
        for organization in organizations:
            yield self.judge_row(organization, rows.get(organization.pk), ctx, outside.get(organization.pk))

    def judge_row(self, organization, row, ctx, outside=None):
        if row is None:
            if outside:
                return self.not_judged(organization, outside)
            return self.result(organization, Outcome.NOT_APPLICABLE, message=MSG_NO_PERIOD, params=period(ctx))
        stats = row["stats"]
        if not stats.meeting_ids:
            return self.not_judged(organization, outside) if outside else self.insufficient(
                organization, MSG_NO_DATA, **period(ctx))
        return self.judge(organization, row, stats, ctx)

    def judge(self, organization, row, stats, ctx):
        raise NotImplementedError


class MissingPeriodsRule(CellRule):
    """Breach when more complete months (quarters) of the period than allowed
    have no meeting of the kind."""

    threshold_name = ""
    msg_no_period = msg_missing = msg_all_held = ""

    def periods(self, row):
        raise NotImplementedError

    def missing(self, stats):
        raise NotImplementedError

    def label(self, year, number):
        return f"{number}/{year}"

    def judge(self, organization, row, stats, ctx):
        periods = self.periods(row)
        if not periods:
            return self.result(organization, Outcome.NOT_APPLICABLE, message=self.msg_no_period)
        missing = self.missing(stats)
        allowed = ctx.threshold(self.threshold_name)
        params = {"missing": len(missing), "judged": len(periods), "max": int(allowed),
                  "list": ", ".join(self.label(year, number) for year, number in missing)}
        return self.result(
            organization, Outcome.BREACH if len(missing) > allowed else Outcome.PASS, measured=len(missing),
            threshold=allowed, message=self.msg_missing if missing else self.msg_all_held, params=params,
            evidence={"organizations.cellmeeting": stats.meeting_ids},
        )


@register
class MonthlyRegularMeeting(MissingPeriodsRule):
    code = "CM-1"
    title = _("Chi bộ sinh hoạt thường kỳ mỗi tháng một lần")
    regulation = "Điều lệ Đảng Điều 24; QĐ 29-QĐ/TW (25/7/2016) thi hành Điều lệ Đảng [S]"
    severity = Severity.HIGH
    confidence = Confidence.TO_CONFIRM
    defaults = {"max_months_without": 0}
    threshold_name = "max_months_without"
    msg_no_period = gettext_noop("Kỳ kiểm tra không có tháng trọn vẹn nào trong thời gian hoạt động của chi bộ.")
    msg_missing = gettext_noop(
        "Có %(missing)s/%(judged)s tháng không sinh hoạt thường kỳ (tháng %(list)s); "
        "quy định mỗi tháng ít nhất một lần."
    )
    msg_all_held = gettext_noop("Sinh hoạt thường kỳ đủ cả %(judged)s tháng.")

    def periods(self, row):
        return complete_months(row["start"], row["end"])

    def missing(self, stats):
        return stats.months_without_regular


@register
class QuarterlyThematicMeeting(MissingPeriodsRule):
    code = "CM-2"
    title = _("Chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần")
    regulation = HD12 + " [S]; sinh hoạt chuyên đề không thay cho sinh hoạt thường kỳ hằng tháng"
    valid_from = datetime.date(2018, 7, 6)
    severity = Severity.MEDIUM
    confidence = Confidence.TO_CONFIRM
    defaults = {"max_quarters_without": 0}
    threshold_name = "max_quarters_without"
    msg_no_period = gettext_noop("Kỳ kiểm tra không có quý trọn vẹn nào trong thời gian hoạt động của chi bộ.")
    msg_missing = gettext_noop(
        "Có %(missing)s/%(judged)s quý không sinh hoạt chuyên đề (quý %(list)s); "
        "quy định mỗi quý ít nhất một lần."
    )
    msg_all_held = gettext_noop("Sinh hoạt chuyên đề đủ cả %(judged)s quý.")

    def periods(self, row):
        return complete_quarters(row["start"], row["end"])

    def missing(self, stats):
        return stats.quarters_without_thematic


@register
class AttendanceTest(CellRule):
    code = "CM-3"
    title = _("Sinh hoạt thường kỳ đạt yêu cầu dự họp: trên 85 % đảng viên có mặt, không ai vắng không lý do")
    regulation = HD12 + "; ngưỡng tỷ lệ buổi đạt yêu cầu là thiết lập (mặc định: mọi buổi)"
    valid_from = datetime.date(2018, 7, 6)
    valid_to = datetime.date(2025, 10, 27)  # HD 42-HD/BTCTW (28/10/2025) replaces HD 12
    severity = Severity.LOW
    confidence = Confidence.VERIFIED
    defaults = {"min_share": 1.0}

    def judge(self, organization, row, stats, ctx):
        if not stats.regular_count:
            return self.insufficient(organization, gettext_noop(
                "Không có buổi sinh hoạt thường kỳ nào được ghi nhận trong kỳ."))
        minimum = ctx.threshold("min_share")
        measured = share(stats.attendance_ok_count, stats.regular_count)
        return self.result(
            organization,
            Outcome.BREACH if stats.attendance_ok_count < minimum * stats.regular_count else Outcome.PASS,
            measured=measured, threshold=minimum,
            message=gettext_noop(
                "%(ok)s/%(total)s buổi sinh hoạt thường kỳ đạt yêu cầu dự họp (trên 85 %% có mặt, không ai vắng "
                "không lý do), tỷ lệ %(share)s (yêu cầu không dưới %(min)s)."
            ),
            params={"ok": stats.attendance_ok_count, "total": stats.regular_count,
                    "share": format_percent(measured), "min": format_percent(minimum)},
            evidence={"organizations.cellmeeting": stats.attendance_failed_ids},
        )


@register
class MinimumDuration(CellRule):
    """A regular and a thematic meeting of one cell on the same day are one
    combined session; its duration is the sum of the two records. Only
    meetings from the day the rule took effect are judged."""

    code = "CM-4"
    title = _("Thời lượng sinh hoạt chi bộ ít nhất 90 phút (120 phút khi kết hợp thường kỳ và chuyên đề)")
    regulation = "HD 42-HD/BTCTW (28/10/2025) thực hiện CT 50-CT/TW (23/7/2025)"
    valid_from = datetime.date(2025, 10, 28)
    severity = Severity.LOW
    confidence = Confidence.VERIFIED
    defaults = {"min_minutes": 90, "min_minutes_combined": 120, "max_short_sessions": 0}

    def _meetings(self, cell_ids, ctx):
        start = max(ctx.period_start, self.valid_from)
        rows = defaultdict(list)
        for meeting in CellMeeting.objects.filter(of_cells(cell_ids, ctx), date__range=(start, ctx.period_end)).values(
            "id", "cell_id", "date", "kind", "duration_minutes"
        ).order_by("date", "id"):
            rows[meeting["cell_id"]].append(meeting)
        return rows

    def evaluate(self, organization, ctx):
        return self.judge_meetings(organization, self._meetings([organization.pk], ctx)[organization.pk], ctx)

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        meetings = self._meetings([o.pk for o in organizations], ctx)
        outside = outside_meetings([o.pk for o in organizations], ctx)
        for organization in organizations:
            yield self.judge_meetings(organization, meetings[organization.pk], ctx, outside.get(organization.pk))

    def judge_meetings(self, organization, meetings, ctx, outside=None):
        if not meetings and outside:
            return self.not_judged(organization, outside)
        if not meetings:
            return self.insufficient(organization, MSG_NO_DATA, start=day(max(ctx.period_start, self.valid_from)),
                                     end=day(ctx.period_end))
        sessions = defaultdict(list)
        for meeting in meetings:
            sessions[meeting["date"]].append(meeting)
        single, combined = ctx.threshold("min_minutes"), ctx.threshold("min_minutes_combined")
        short = []
        for rows in sessions.values():
            kinds = {row["kind"] for row in rows}
            is_combined = {MeetingKind.REGULAR, MeetingKind.THEMATIC} <= kinds
            minutes = sum(row["duration_minutes"] for row in rows)
            if minutes < (combined if is_combined else single):
                short.append(rows)
        allowed = ctx.threshold("max_short_sessions")
        params = {"short": len(short), "sessions": len(sessions), "min": int(single), "min_combined": int(combined),
                  "list": ", ".join(day(rows[0]["date"]) for rows in short)}
        message = gettext_noop(
            "Có %(short)s/%(sessions)s buổi sinh hoạt ngắn hơn quy định (%(list)s); quy định ít nhất %(min)s phút, "
            "%(min_combined)s phút khi kết hợp thường kỳ với chuyên đề."
        ) if short else gettext_noop("Cả %(sessions)s buổi sinh hoạt đủ thời lượng tối thiểu.")
        return self.result(
            organization, Outcome.BREACH if len(short) > allowed else Outcome.PASS, measured=len(short),
            threshold=allowed, message=message, params=params,
            evidence={"organizations.cellmeeting": [row["id"] for rows in short for row in rows]},
        )

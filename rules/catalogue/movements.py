"""Appointments (AP-1) and rotations (RT-1): each decision judged by the
regulation in force on its date, the minimum years from the PlanningNorm of
the destination's level on that date."""
import datetime
import functools

from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from cadres.choices import MovementKind
from cadres.models import Movement
from cadres.norms import NormTable, add_months
from cadres.selectors import age_feasibility
from core.errors import ApplicationError
from core.services import SYSTEM
from organizations.models import Term

from ..base import Version, register
from ..choices import Confidence, Outcome, Severity
from .cadres import NORM_NOTE, CommitteeRule
from .common import MSG_CANNOT_EVALUATE, by_organization, day

# Rotations still under way in the period started at most this many years before it.
ROTATION_LOOKBACK_YEARS = 10


# --- Appointments and rotations ------------------------------------------------------
class MovementRule(CommitteeRule):
    """Judges the movements of one kind into each organization with
    cadres.selectors.age_feasibility, called once for the run's scope; the
    minimum years are the PlanningNorm of the destination's level."""

    topic = "rotation_appointment"
    note = NORM_NOTE
    kind = ""
    flag_lists = ()
    defaults = {"max_cases": 0}
    msg_none = msg_pass = msg_breach = ""

    def window(self, ctx):
        """(since, movements filter) of the movements judged in the period."""
        raise NotImplementedError

    @staticmethod
    def feasibility_since(ctx):
        """Where the one age_feasibility call that AP-1, AP-2 and RT-1 share
        starts: the widest of their windows (RT-1's). A movement is judged
        the same whatever the window, and each rule keeps only its own."""
        return add_months(ctx.run_start or ctx.period_start, -12 * ROTATION_LOOKBACK_YEARS)

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        since, condition = self.window(ctx)
        movements = by_organization(
            Movement.objects.filter(
                condition, kind=self.kind, to_organization_id__in=[o.pk for o in organizations],
                effective_on__gte=since, effective_on__lte=ctx.period_end,
            ).values("pk", "to_organization_id", "effective_on").order_by("effective_on", "pk"),
            lambda row: row["to_organization_id"],
        )
        flagged, error, norms = {}, None, NormTable()
        if movements:
            # The selector also judges the plan of a term; any term will do here.
            term = Term.objects.for_date(ctx.as_of) or Term.objects.order_by("-start_year").first()
            scopes = [ctx.scope] if ctx.scope is not None else [o for o in organizations if o.pk in movements]
            try:
                if term is None:
                    raise ApplicationError(gettext("Chưa khai báo nhiệm kỳ nào."))
                feasibility_since = self.feasibility_since(ctx)
                for scope in scopes:
                    arguments = {"organization": scope, "term": term, "as_of": ctx.as_of, "since": feasibility_since,
                                 "subtree": ctx.scope is not None}
                    figures = ctx.shared_figures(
                        ("age_feasibility", scope.pk, term.pk, ctx.as_of, feasibility_since, ctx.scope is not None),
                        functools.partial(age_feasibility, user=SYSTEM, **arguments))
                    for name in self.flag_lists:
                        for row in figures[name]:
                            flagged.setdefault(name, {})[row["movement"]] = row
            except ApplicationError as exc:
                error = str(exc.message)
        for organization in organizations:
            rows = movements.get(organization.pk, [])
            # Each decision is judged by the regulation of its date; earlier ones are not judged.
            own = [row["pk"] for row in rows if self.version_on(row["effective_on"])]
            if rows and not own:
                yield self.not_judged(organization, rows[0]["effective_on"], **{"cadres.movement": [
                    row["pk"] for row in rows]})
                continue
            if not own:
                yield self.result(organization, Outcome.NOT_APPLICABLE, message=self.msg_none,
                                  params={"start": day(ctx.period_start), "end": day(ctx.period_end)})
                continue
            try:
                if error:
                    raise ApplicationError(error)
                norm = norms.for_level(organization.level, ctx.as_of)
            except ApplicationError as exc:
                yield self.insufficient(organization, MSG_CANNOT_EVALUATE, error=str(exc.message))
                continue
            cases = {name: [rows[pk] for pk in own if pk in rows] for name, rows in flagged.items()}
            yield self.judge(organization, own, cases, norm, ctx)

    def judge(self, organization, own, cases, norm, ctx):
        counted = {row["movement"]: row for rows in cases.values() for row in rows if row["movement"] in own}
        allowed = ctx.threshold("max_cases")
        params = {"total": len(own), "cases": len(counted), **self.params(cases, norm)}
        versions = {self.version_on(row["effective_on"]) for row in counted.values()}
        # A case under a verified regulation makes it a breach; cases under one to confirm only, a warning.
        confidence = (Confidence.VERIFIED if any(v.confidence == Confidence.VERIFIED for v in versions)
                      else Confidence.TO_CONFIRM) if versions else None
        applied = {"cases": [{"movement": pk, "effective_on": row["effective_on"].isoformat(),
                              **{k: str(row[k]) for k in ("retires_on", "min_years", "ended_on", "held_since")
                                 if k in row}} for pk, row in counted.items()]}
        return self.result(
            organization, Outcome.BREACH if len(counted) > allowed else Outcome.PASS, measured=len(counted),
            threshold=allowed, confidence=confidence,
            message=self.msg_breach if counted else self.msg_pass, params=params,
            evidence={"cadres.movement": own, "cadres.planningnorm": [norm.pk]},
            regulation="; ".join(sorted(v.regulation for v in versions)), applied=applied,
        )

    def params(self, cases, norm):
        raise NotImplementedError


@register
class FirstAppointmentRunway(MovementRule):
    code = "AP-1"
    title = _("Bổ nhiệm lần đầu phải còn đủ ít nhất 5 năm công tác trước tuổi nghỉ hưu")
    regulation = (
        "QĐ 105-QĐ/TW (19/12/2017) về bổ nhiệm cán bộ [cần đối chiếu]; HD 06-HD/BTCTW (2021); QĐ 80-QĐ/TW "
        "(18/8/2022); QĐ 377-QĐ/TW (08/10/2025). Số năm theo Định mức quy hoạch của cấp; tuổi nghỉ hưu theo "
        "Bộ luật Lao động 2019 Điều 169 và Nghị định 135/2020/NĐ-CP."
    )
    valid_from = datetime.date(2017, 12, 19)
    versions = (
        Version("QĐ 105-QĐ/TW (19/12/2017) về bổ nhiệm cán bộ [cần đối chiếu]", datetime.date(2017, 12, 19),
                datetime.date(2022, 8, 17), Confidence.TO_CONFIRM),
        Version("QĐ 80-QĐ/TW (18/8/2022), HD 06-HD/BTCTW (2021)", datetime.date(2022, 8, 18),
                datetime.date(2025, 10, 7), Confidence.VERIFIED),
        Version("QĐ 377-QĐ/TW (08/10/2025)", datetime.date(2025, 10, 8), None, Confidence.VERIFIED),
    )
    severity = Severity.HIGH
    confidence = Confidence.VERIFIED
    kind = MovementKind.APPOINTMENT
    flag_lists = ("appointments_near_retirement",)
    msg_none = gettext_noop("Không có bổ nhiệm lần đầu trong kỳ %(start)s–%(end)s.")
    msg_pass = gettext_noop(
        "%(total)s trường hợp bổ nhiệm lần đầu trong kỳ đều còn ít nhất %(min_years)s năm công tác."
    )
    msg_breach = gettext_noop(
        "%(cases)s/%(total)s trường hợp bổ nhiệm lần đầu khi còn dưới %(min_years)s năm công tác đến tuổi nghỉ "
        "hưu (%(list)s)."
    )

    def window(self, ctx):
        return ctx.run_start or ctx.period_start, Q()

    def params(self, cases, norm):
        return {"min_years": norm.min_years_before_retirement, "list": "; ".join(
            f"bổ nhiệm {day(row['effective_on'])}, nghỉ hưu {day(row['retires_on'])}"
            for row in cases.get("appointments_near_retirement", []))}


@register
class RotationTenure(MovementRule):
    code = "RT-1"
    title = _("Luân chuyển cán bộ bảo đảm thời gian tối thiểu 3 năm")
    regulation = (
        "QĐ 98-QĐ/TW (07/10/2017) về luân chuyển cán bộ: thời gian luân chuyển ít nhất 3 năm; QĐ 65-QĐ/TW "
        "(28/4/2022). Số năm theo Định mức quy hoạch của cấp."
    )
    valid_from = datetime.date(2017, 10, 7)
    severity = Severity.MEDIUM
    confidence = Confidence.VERIFIED
    kind = MovementKind.ROTATION
    flag_lists = ("rotations_too_short", "rotated_before_min_tenure")
    msg_none = gettext_noop("Không có cán bộ luân chuyển đến trong kỳ %(start)s–%(end)s.")
    msg_pass = gettext_noop(
        "%(total)s trường hợp luân chuyển trong kỳ đều bảo đảm thời gian tối thiểu %(min_years)s năm."
    )
    msg_breach = gettext_noop(
        "%(cases)s/%(total)s trường hợp luân chuyển chưa bảo đảm %(min_years)s năm: %(short)s trường hợp thời gian "
        "luân chuyển dưới %(min_years)s năm, %(early)s trường hợp luân chuyển khi giữ chức vụ chưa đủ %(min_years)s "
        "năm."
    )

    def window(self, ctx):
        """Rotations under way at some time in the period (they last years)."""
        start = ctx.run_start or ctx.period_start
        return add_months(start, -12 * ROTATION_LOOKBACK_YEARS), Q(ended_on__gte=start)

    def params(self, cases, norm):
        return {"min_years": norm.min_rotation_years, "short": len(cases.get("rotations_too_short", [])),
                "early": len(cases.get("rotated_before_min_tenure", []))}

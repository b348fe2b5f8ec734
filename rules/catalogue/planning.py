"""Planning and appointment rules the registry lacked: a planned cadre young
enough to serve the whole term (CP-3), enough people planned for each title
(CP-5, the seed's "chưa đảm bảo đủ số lượng"), an appointee who was in the
plan (AP-2)."""
import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cadres.choices import MovementKind
from cadres.models import PlanningEntry
from cadres.norms import RetirementTable
from core.errors import ApplicationError

from ..base import Version, register
from ..choices import Confidence, Outcome, Severity
from .cadres import PlanRule
from .common import MSG_CANNOT_EVALUATE, day
from .movements import MovementRule


class PlanEntriesRule(PlanRule):
    """Judged on the entries of each organization's latest plan on the period's
    last day; two queries for any number of organizations."""

    note = ""

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        plans = self.latest_plans([o.pk for o in organizations], ctx.as_of, ctx)
        entries = ctx.shared_figures(  # CP-3 and CP-5 read the same entries
            ("plan_entries", ctx.as_of, tuple((pk, term.pk) for pk, term in plans.items())),
            lambda: self.plan_entries(plans, ctx.as_of))
        retirement = RetirementTable() if plans else None
        for organization, term, plan_day, version, unjudged in self.plans_to_judge(organizations, plans, ctx):
            if unjudged is not None:
                yield unjudged
                continue
            try:
                yield self.under(version, self.judge_entries(organization, term, entries[organization.pk], ctx,
                                                             retirement), plan_approved_on=plan_day.isoformat())
            except ApplicationError as exc:
                yield self.insufficient(organization, MSG_CANNOT_EVALUATE, error=str(exc.message))

    @staticmethod
    def plan_entries(plans, as_of):
        """{organization id: [PlanningEntry]} of the plans ({organization id: term}), by title."""
        entries = defaultdict(list)
        for entry in (PlanningEntry.objects.in_plan_on(as_of)
                      .filter(organization_id__in=list(plans)).select_related("cadre", "title", "term")
                      .order_by("title__sort_order", "title__name", "pk")):
            if entry.term_id == plans[entry.organization_id].pk:
                entries[entry.organization_id].append(entry)
        return entries

    def judge_entries(self, organization, term, entries, ctx, retirement):
        raise NotImplementedError


@register
class FullTermFeasibility(PlanEntriesRule):
    code = "CP-3"
    title = _("Cán bộ quy hoạch còn đủ tuổi công tác trọn nhiệm kỳ")
    regulation = (
        "QĐ 50-QĐ/TW (27/12/2021) về công tác quy hoạch cán bộ: cán bộ quy hoạch phải đủ tuổi công tác ít nhất trọn "
        "một nhiệm kỳ; trước đó HD 15-HD/BTCTW (15/11/2012) [cần đối chiếu]; QĐ 377-QĐ/TW (08/10/2025). Tuổi nghỉ "
        "hưu theo bảng tuổi nghỉ hưu (Bộ luật Lao động 2019, Nghị định 135/2020/NĐ-CP)."
    )
    valid_from = datetime.date(2017, 10, 7)
    severity = Severity.MEDIUM
    confidence = Confidence.VERIFIED
    defaults = {"max_cases": 0}

    def judge_entries(self, organization, term, entries, ctx, retirement):
        cases = []
        for entry in entries:
            retires_on = retirement.retirement_date(entry.cadre.birth_date, entry.cadre.gender)
            if retires_on < term.ends_on:
                cases.append((entry, retires_on))
        allowed = ctx.threshold("max_cases")
        return self.result(
            organization, Outcome.BREACH if len(cases) > allowed else Outcome.PASS, measured=len(cases),
            threshold=allowed,
            message=gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s (kết thúc %(ends)s): %(cases)s/%(entries)s trường hợp không đủ tuổi "
                "công tác trọn nhiệm kỳ (%(list)s)."
            ) if cases else gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s (kết thúc %(ends)s): cả %(entries)s trường hợp đủ tuổi công tác trọn "
                "nhiệm kỳ."
            ),
            params={"term": term.name, "ends": day(term.ends_on), "cases": len(cases), "entries": len(entries),
                    "list": "; ".join(f"{entry.cadre.full_name}, {entry.title.name}, nghỉ hưu {day(retires_on)}"
                                      for entry, retires_on in cases)},
            evidence={"cadres.planningentry": sorted(entry.pk for entry, _day in cases)},
        )


@register
class PeoplePerTitle(PlanEntriesRule):
    code = "CP-5"
    title = _("Mỗi chức danh quy hoạch có đủ số người tối thiểu")
    regulation = (
        "Thực tiễn của Ban Tổ chức Thành ủy: mỗi chức danh quy hoạch từ 2 đến 3 người (giới hạn trên là CP-2) [M]"
    )
    valid_from = datetime.date(2017, 10, 7)
    severity = Severity.LOW
    confidence = Confidence.TO_CONFIRM
    defaults = {"min_people_per_title": 2}
    versions = ()  # the Board's practice, one version

    def judge_entries(self, organization, term, entries, ctx, retirement):
        per_title = defaultdict(set)
        for entry in entries:
            per_title[entry.title].add(entry.cadre_id)
        minimum = ctx.threshold("min_people_per_title")
        short = [(title, len(people)) for title, people in per_title.items() if len(people) < minimum]
        return self.result(
            organization, Outcome.BREACH if short else Outcome.PASS, measured=len(short), threshold=0,
            message=gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s: %(short)s/%(titles)s chức danh chưa đủ %(min)s người (%(list)s)."
            ) if short else gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s: cả %(titles)s chức danh đều có ít nhất %(min)s người."
            ),
            params={"term": term.name, "short": len(short), "titles": len(per_title), "min": int(minimum),
                    "list": ", ".join(f"{title.name}: {count}" for title, count in short)},
            evidence={"cadres.planningentry": sorted(e.pk for e in entries
                                                     if e.title in {title for title, _count in short})},
        )


@register
class AppointeeInPlan(MovementRule):
    code = "AP-2"
    title = _("Người được bổ nhiệm phải có trong quy hoạch chức danh đó hoặc chức danh tương đương")
    regulation = (
        "QĐ 105-QĐ/TW (19/12/2017) và QĐ 80-QĐ/TW (18/8/2022) về bổ nhiệm cán bộ [cần đối chiếu]; "
        "QĐ 377-QĐ/TW (08/10/2025): người được bổ nhiệm phải có trong quy hoạch chức danh bổ nhiệm hoặc chức "
        "danh tương đương."
    )
    valid_from = datetime.date(2017, 12, 19)
    versions = (
        Version("QĐ 105-QĐ/TW (19/12/2017), QĐ 80-QĐ/TW (18/8/2022) về bổ nhiệm cán bộ [cần đối chiếu]",
                datetime.date(2017, 12, 19), datetime.date(2025, 10, 7), Confidence.TO_CONFIRM),
        Version("QĐ 377-QĐ/TW (08/10/2025)", datetime.date(2025, 10, 8), None, Confidence.VERIFIED),
    )
    severity = Severity.MEDIUM
    confidence = Confidence.TO_CONFIRM
    kind = MovementKind.APPOINTMENT
    flag_lists = ("appointees_not_in_plan",)
    msg_none = gettext_noop("Không có bổ nhiệm trong kỳ %(start)s–%(end)s.")
    msg_pass = gettext_noop("%(total)s trường hợp bổ nhiệm trong kỳ đều có trong quy hoạch.")
    msg_breach = gettext_noop(
        "%(cases)s/%(total)s trường hợp bổ nhiệm không có trong quy hoạch chức danh bổ nhiệm hoặc chức danh tương "
        "đương tại thời điểm bổ nhiệm (%(list)s)."
    )

    def window(self, ctx):
        return ctx.run_start or ctx.period_start, Q()

    def params(self, cases, norm):
        return {"list": "; ".join(f"{row['cadre_name']}, {day(row['effective_on'])}"
                                  for row in cases.get("appointees_not_in_plan", []))}


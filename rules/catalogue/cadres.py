"""Cadre work: planning (CP-1, CP-2), political-theory standards (CP-4),
first appointments (AP-1) and rotations (RT-1). The thresholds are the
cadres app's PlanningNorm of the organization's level (data, editable); CP-1
and CP-2 fall back on their own settings for a level without a norm."""
import datetime
import functools
from collections import defaultdict
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cadres.choices import Gender
from cadres.models import PlanningEntry, TitleAssignment
from cadres.norms import age_on
from cadres.selectors import plan_compositions, standards_gap
from core.services import SYSTEM
from organizations.models import Term

from ..base import Rule, Version, format_percent, register, share
from ..choices import Confidence, Outcome, Severity
from .common import COMMITTEE_LEVELS, at_levels, by_organization, day

NORM_NOTE = _(
    "Ngưỡng áp dụng là Định mức quy hoạch (cán bộ) của cấp tổ chức; các giá trị ở đây chỉ dùng khi cấp đó "
    "chưa có định mức."
)
MSG_NO_PLAN = gettext_noop("Chưa có quy hoạch cán bộ được phê duyệt đến ngày %(day)s.")


class CommitteeRule(Rule):
    def targets(self, scope):
        return at_levels(scope, COMMITTEE_LEVELS)

    def evaluate(self, organization, ctx):
        return next(iter(self.evaluate_many([organization], ctx)))


# --- Planning ------------------------------------------------------------------
def _fallback_composition(entries, as_of, limits):
    """plan_composition's figures the rules use, for a level with no PlanningNorm:
    `entries` are the plan's, `limits` the calling rule's settings (a figure
    without its limit is left empty); titles per person are counted in this plan only."""
    people = {entry.cadre_id: entry.cadre for entry in entries}
    per_title, per_person = defaultdict(list), defaultdict(set)
    for entry in entries:
        per_title[entry.title].append(entry)
        per_person[entry.cadre_id].add(entry.title_id)
    young_age = limits.get("young_age", 0)
    max_people, max_titles = limits.get("max_people_per_title"), limits.get("max_titles_per_person")
    return {
        "norm": None, "people": len(people),
        "per_title": [{"entry_ids": [e.pk for e in rows]} for rows in per_title.values()],
        "women": {"count": sum(1 for c in people.values() if c.gender == Gender.FEMALE)},
        "young": {"count": sum(1 for c in people.values() if age_on(c.birth_date, as_of) < young_age)},
        "titles_over_limit": [
            {"title_name": title.name, "count": len({e.cadre_id for e in rows}), "entry_ids": [e.pk for e in rows]}
            for title, rows in per_title.items()
            if max_people is not None and len({e.cadre_id for e in rows}) > max_people
        ],
        "people_over_limit": [
            {"entry_ids": [e.pk for e in entries if e.cadre_id == cadre_id]}
            for cadre_id, titles in per_person.items() if max_titles is not None and len(titles) > max_titles
        ],
    }


class PlanRule(CommitteeRule):
    """Judged on the plan as it stood on the period's last day, for the latest
    term the organization had an approved plan for (in 2019: the 2020–2025 plan)."""

    topic = "cadre_planning"
    snapshot = True
    note = NORM_NOTE

    versions = (
        Version("HD 15-HD/BTCTW (15/11/2012) về quy hoạch cán bộ lãnh đạo, quản lý, áp dụng cùng QĐ 98-QĐ/TW "
                "(07/10/2017) [cần đối chiếu]", datetime.date(2017, 10, 7), datetime.date(2021, 12, 26),
                Confidence.TO_CONFIRM),
        Version("QĐ 50-QĐ/TW (27/12/2021) về công tác quy hoạch cán bộ", datetime.date(2021, 12, 27),
                datetime.date(2025, 10, 7), Confidence.VERIFIED),
        Version("QĐ 377-QĐ/TW (08/10/2025)", datetime.date(2025, 10, 8), None, Confidence.VERIFIED),
    )
    valid_from = datetime.date(2017, 10, 7)

    def latest_plans(self, organization_ids, as_of, ctx=None):
        """{organization id: term of its latest plan on `as_of`}; `self.plan_days` gets
        each plan's date: its latest approval by then (the regulation of that day judges it).
        With `ctx`, read once per run for CP-1, CP-2, CP-3 and CP-5 (the same organizations)."""
        if ctx is not None:
            plans, self.plan_days = ctx.shared_figures(
                ("latest_plans", as_of, tuple(organization_ids)),
                lambda: (self.latest_plans(organization_ids, as_of), self.plan_days))
            return plans
        latest = {}
        rows = (
            PlanningEntry.objects.in_plan_on(as_of).filter(organization_id__in=organization_ids)
            .values_list("organization_id", "term_id", "term__start_year").annotate(approved=Max("approved_on"))
            .order_by()
        )
        for organization_id, term_id, start_year, approved in rows:
            if organization_id not in latest or start_year > latest[organization_id][1]:
                latest[organization_id] = (term_id, start_year, approved)
        terms = Term.objects.in_bulk({row[0] for row in latest.values()}) if latest else {}
        self.plan_days = {organization_id: row[2] for organization_id, row in latest.items()}
        return {organization_id: terms[row[0]] for organization_id, row in latest.items()}

    def plans_to_judge(self, organizations, plans, ctx):
        """(organization, term, plan day, version, None) for each plan a version of the
        rule judges (the one in force on the plan's approval), else (organization,
        None, None, None, the result that says why not: no plan, not judged)."""
        for organization in organizations:
            term = plans.get(organization.pk)
            if term is None:
                yield organization, None, None, None, self.insufficient(organization, MSG_NO_PLAN,
                                                                        day=day(ctx.as_of))
                continue
            plan_day = self.plan_days[organization.pk]
            version = self.version_on(plan_day)
            if version is None:
                yield organization, None, None, None, self.not_judged(organization, plan_day)
                continue
            yield organization, term, plan_day, version, None

    def evaluate_many(self, organizations, ctx):
        """Five queries for any number of organizations (plan_compositions), read once for CP-1 and CP-2."""
        organizations = list(organizations)
        plans = self.latest_plans([o.pk for o in organizations], ctx.as_of, ctx)
        judged = [(o, plans[o.pk], self.plan_days[o.pk]) for o in organizations if o.pk in plans]
        compositions = ctx.shared_figures(  # CP-1 and CP-2 judge the same plans
            ("plan_compositions", ctx.as_of, tuple((o.pk, term.pk, plan_day) for o, term, plan_day in judged)),
            functools.partial(plan_compositions, user=SYSTEM, as_of=ctx.as_of, plans=judged))
        for organization, term, plan_day, version, unjudged in self.plans_to_judge(organizations, plans, ctx):
            if unjudged is not None:
                yield unjudged
                continue
            entries, figures = compositions[organization.pk]
            if figures is None:  # no norm for the level: the rule's own settings
                figures = _fallback_composition(entries, ctx.as_of, self.limits(None, ctx))
            limits = self.limits(figures["norm"], ctx)
            yield self.under(version, self.judge(organization, term, figures, limits, ctx),
                             plan_approved_on=plan_day.isoformat(), norm=figures["norm"] and {
                                 k: str(v) for k, v in figures["norm"].items()},
                             limits={k: str(v) for k, v in limits.items()})

    def limits(self, norm, ctx):
        if norm is None:
            return {name: ctx.threshold(name) for name in self.defaults}
        return self.limits_from_norm(norm)

    def limits_from_norm(self, norm):
        raise NotImplementedError

    def evidence(self, figures):
        evidence = {"cadres.planningentry": sorted(pk for row in figures["per_title"] for pk in row["entry_ids"])}
        if figures["norm"]:
            evidence["cadres.planningnorm"] = [figures["norm"]["id"]]
        return evidence


@register
class PlanComposition(PlanRule):
    code = "CP-1"
    title = _("Cơ cấu quy hoạch: cán bộ trẻ không dưới 15 %, cán bộ nữ không dưới 25 %")
    regulation = (
        "QĐ 50-QĐ/TW (27/12/2021) về công tác quy hoạch cán bộ (cán bộ trẻ không dưới 15 %, nữ không dưới 25 %); "
        "trước đó "
        "HD 15-HD/BTCTW (15/11/2012) về quy hoạch cán bộ lãnh đạo, quản lý, áp dụng cùng QĐ 98-QĐ/TW "
        "(07/10/2017) [tỷ lệ giai đoạn 2017–2021 cần đối chiếu]; QĐ 377-QĐ/TW (08/10/2025) thay QĐ 50. "
        "Ngưỡng theo Định mức quy hoạch của cấp."
    )
    valid_from = datetime.date(2017, 10, 7)
    severity = Severity.MEDIUM
    confidence = Confidence.VERIFIED
    defaults = {"women_min_share": 0.25, "young_min_share": 0.15, "young_age": 40}

    def limits_from_norm(self, norm):
        return {"women_min_share": Decimal(norm["women_min_percent"]) / 100,
                "young_min_share": Decimal(norm["young_min_percent"]) / 100, "young_age": norm["young_age"]}

    def judge(self, organization, term, figures, limits, ctx):
        people = figures["people"]
        women, young = figures["women"]["count"], figures["young"]["count"]
        women_min, young_min = limits["women_min_share"], limits["young_min_share"]
        women_low, young_low = women < women_min * people, young < young_min * people
        measured, threshold = (
            (share(young, people), young_min) if young_low and not women_low else (share(women, people), women_min)
        )
        return self.result(
            organization, Outcome.BREACH if women_low or young_low else Outcome.PASS,
            measured=measured, threshold=threshold,
            message=gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s có %(people)s người: nữ %(women)s (%(women_share)s, quy định không dưới "
                "%(women_min)s), trẻ dưới %(young_age)s tuổi %(young)s (%(young_share)s, quy định không dưới "
                "%(young_min)s)."
            ),
            params={"term": term.name, "people": people, "women": women, "young": young,
                    "women_share": format_percent(share(women, people)), "women_min": format_percent(women_min),
                    "young_share": format_percent(share(young, people)), "young_min": format_percent(young_min),
                    "young_age": int(limits["young_age"])},
            evidence=self.evidence(figures),
        )


@register
class PlanLimits(PlanRule):
    code = "CP-2"
    title = _("Mỗi chức danh quy hoạch không quá 3 người, mỗi người không quá 3 chức danh cùng cấp")
    regulation = (
        "QĐ 50-QĐ/TW (27/12/2021); trước đó HD 15-HD/BTCTW (15/11/2012) [giai đoạn 2017–2021 cần đối chiếu]; "
        "QĐ 377-QĐ/TW (08/10/2025). Số tối đa theo Định mức quy hoạch của cấp."
    )
    valid_from = datetime.date(2017, 10, 7)
    severity = Severity.MEDIUM
    confidence = Confidence.VERIFIED
    defaults = {"max_people_per_title": 3, "max_titles_per_person": 3}

    def limits_from_norm(self, norm):
        return {"max_people_per_title": norm["max_people_per_title"],
                "max_titles_per_person": norm["max_titles_per_person"]}

    def judge(self, organization, term, figures, limits, ctx):
        titles, people = figures["titles_over_limit"], figures["people_over_limit"]
        params = {"term": term.name, "max_people": int(limits["max_people_per_title"]),
                  "max_titles": int(limits["max_titles_per_person"]), "titles": len(titles), "people": len(people),
                  "list": ", ".join(f"{row['title_name']}: {row['count']}" for row in titles) or "—"}
        evidence = self.evidence(figures)
        evidence["cadres.planningentry"] = sorted({pk for row in titles + people for pk in row["entry_ids"]})
        return self.result(
            organization, Outcome.BREACH if titles or people else Outcome.PASS,
            measured=len(titles) + len(people), threshold=0,
            message=gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s: %(titles)s chức danh có quá %(max_people)s người (%(list)s); "
                "%(people)s người được quy hoạch quá %(max_titles)s chức danh cùng cấp."
            ) if titles or people else gettext_noop(
                "Quy hoạch nhiệm kỳ %(term)s: mỗi chức danh không quá %(max_people)s người, mỗi người không quá "
                "%(max_titles)s chức danh cùng cấp."
            ),
            params=params, evidence={k: v for k, v in evidence.items() if v},
        )


# --- Political-theory standards ----------------------------------------------------
@register
class TheoryStandard(CommitteeRule):
    """Planned cadres and title holders of each organization whose
    political-theory level on the period's last day is below their title's
    standard (Title.min_theory_level). Those studying for it are counted
    (`count_studying`) and named apart in the sentence."""

    code = "CP-4"
    title = _("Cán bộ giữ chức danh và cán bộ quy hoạch đạt chuẩn trình độ lý luận chính trị của chức danh")
    regulation = (
        "Tiêu chuẩn chức danh cán bộ lãnh đạo, quản lý: QĐ 90-QĐ/TW (04/8/2017), QĐ 214-QĐ/TW (02/01/2020) và "
        "tiêu chuẩn chức danh của cấp ủy địa phương [M]; chức danh chủ chốt cấp tỉnh cao cấp hoặc cử nhân, cấp "
        "huyện cao cấp, cấp xã trung cấp. Chuẩn của từng chức danh là dữ liệu (danh mục chức danh)."
    )
    valid_from = datetime.date(2017, 8, 4)
    topic = "political_theory"
    severity = Severity.MEDIUM
    confidence = Confidence.TO_CONFIRM
    snapshot = True
    defaults = {"max_below": 0, "count_studying": True}

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        ids = [o.pk for o in organizations]
        with_standards = set(
            PlanningEntry.objects.in_plan_on(ctx.as_of).filter(organization_id__in=ids)
            .exclude(title__min_theory_level="").values_list("organization_id", flat=True)
        ) | set(
            TitleAssignment.objects.active_on(ctx.as_of).filter(organization_id__in=ids)
            .exclude(title__min_theory_level="").values_list("organization_id", flat=True)
        )
        if ctx.scope is not None:
            gap = standards_gap(user=SYSTEM, organization=ctx.scope, as_of=ctx.as_of, subtree=True)
            rows = by_organization(gap["in_training"] + gap["not_in_training"], lambda row: row["organization"])
        for organization in organizations:
            if organization.pk not in with_standards:
                yield self.insufficient(organization, gettext_noop(
                    "Chưa có cán bộ giữ chức danh hoặc trong quy hoạch có tiêu chuẩn lý luận chính trị đến ngày "
                    "%(day)s."), day=day(ctx.as_of))
                continue
            if ctx.scope is None:
                gap = standards_gap(user=SYSTEM, organization=organization, as_of=ctx.as_of, subtree=False)
                own = gap["in_training"] + gap["not_in_training"]
            else:
                own = rows.get(organization.pk, [])
            yield self.judge(organization, own, ctx)

    def judge(self, organization, rows, ctx):
        not_studying = {row["cadre"] for row in rows if row["training"] is None}
        studying = {row["cadre"] for row in rows if row["training"] is not None} - not_studying
        counted = len(not_studying) + (len(studying) if ctx.threshold("count_studying") else 0)
        allowed = ctx.threshold("max_below")
        params = {
            "below": len(not_studying | studying), "studying": len(studying),
            "holders": len({row["cadre"] for row in rows if row["basis"] == "holder"}),
            "planned": len({row["cadre"] for row in rows if row["basis"] == "planned"}),
            "key": len({row["cadre"] for row in rows if row["is_key"]}),
        }
        evidence = {
            "cadres.titleassignment": sorted(row["record"] for row in rows if row["basis"] == "holder"),
            "cadres.planningentry": sorted(row["record"] for row in rows if row["basis"] == "planned"),
            "cadres.trainingrecord": sorted({row["training"] for row in rows if row["training"]}),
        }
        return self.result(
            organization, Outcome.BREACH if counted > allowed else Outcome.PASS, measured=counted, threshold=allowed,
            message=self.message(rows, studying),
            params=params, evidence={k: v for k, v in evidence.items() if v},
        )


    @staticmethod
    def message(rows, studying):
        if not rows:
            return gettext_noop(
                "Cán bộ giữ chức danh và cán bộ trong quy hoạch đều đạt chuẩn lý luận chính trị của chức danh."
            )
        if studying:
            return gettext_noop(
                "%(below)s người chưa đạt chuẩn lý luận chính trị của chức danh (%(holders)s người đang giữ chức "
                "danh, %(planned)s người trong quy hoạch; %(key)s người ở chức danh lãnh đạo chủ chốt), trong đó "
                "%(studying)s người đang học để đạt chuẩn."
            )
        return gettext_noop(
            "%(below)s người chưa đạt chuẩn lý luận chính trị của chức danh (%(holders)s người đang giữ chức "
            "danh, %(planned)s người trong quy hoạch; %(key)s người ở chức danh lãnh đạo chủ chốt), không ai "
            "đang học để đạt chuẩn."
        )

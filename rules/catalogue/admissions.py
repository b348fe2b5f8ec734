"""Admissions (phát triển đảng viên): progress against the yearly target and
the term target of the congress resolution."""

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.services import SYSTEM
from organizations.choices import OrganizationLevel
from organizations.metrics import composition_gaps
from organizations.models import AdmissionYear, Congress, MembershipStructure, Term
from organizations.selectors import admission_progress_many

from ..base import Rule, format_count, format_percent, register, share
from ..choices import Confidence, Outcome, Severity

MSG_YEAR_AND_TERM = gettext_noop(
    "Năm %(year)s kết nạp %(admitted)s/%(target)s đảng viên, đạt %(year_share)s chỉ tiêu năm; lũy kế nhiệm kỳ "
    "%(term)s kết nạp %(done)s đảng viên, đạt %(term_share)s mức cần đạt đến năm %(year)s "
    "(%(expected)s trên chỉ tiêu cả nhiệm kỳ %(term_target)s); yêu cầu không dưới %(min)s.%(composition)s"
)
MSG_YEAR = gettext_noop(
    "Năm %(year)s kết nạp %(admitted)s/%(target)s đảng viên, đạt %(year_share)s chỉ tiêu năm "
    "(yêu cầu không dưới %(min)s).%(composition)s"
)
MSG_TERM = gettext_noop(
    "Lũy kế nhiệm kỳ %(term)s kết nạp %(done)s đảng viên, đạt %(term_share)s mức cần đạt đến năm %(year)s "
    "(%(expected)s trên chỉ tiêu cả nhiệm kỳ %(term_target)s); yêu cầu không dưới %(min)s.%(composition)s"
)
MSG_NO_TARGET = gettext_noop(
    "Chưa có chỉ tiêu kết nạp năm %(year)s, hoặc chưa đủ số liệu kết nạp các năm của nhiệm kỳ để tính lũy kế."
)
MSG_UNEVEN = gettext_noop(" Cơ cấu kết nạp chưa đều: %(gaps)s.")
MSG_NO_COMPOSITION = gettext_noop("Chưa có số liệu kết nạp năm %(year)s hoặc cơ cấu đảng viên của đảng bộ để so sánh.")
MSG_SHORTFALL = gettext_noop(
    "Cơ cấu kết nạp năm %(year)s thấp hơn cơ cấu đảng viên của đảng bộ (năm %(structure_year)s) quá %(max)s điểm "
    "phần trăm: %(gaps)s."
)
MSG_EVEN = gettext_noop(
    "Cơ cấu kết nạp năm %(year)s không thấp hơn cơ cấu đảng viên của đảng bộ (năm %(structure_year)s) quá %(max)s "
    "điểm phần trăm."
)
MSG_GAP = gettext_noop("%(label)s %(admitted)s (trong đảng bộ %(structure)s)")


def _percent_points(value):
    return format_percent(value / 100) if value is not None else "—"


def composition_sentence(gaps):
    """The uneven dimensions as a Vietnamese clause ('' when even). Rendered
    now, in the language active during the run."""
    uneven = [
        gettext(MSG_GAP) % {"label": AdmissionYear.dimension_label(gap.dimension),
                            "admitted": _percent_points(gap.admitted_percent),
                            "structure": _percent_points(gap.structure_percent)}
        for gap in gaps if gap.uneven
    ]
    return gettext(MSG_UNEVEN) % {"gaps": "; ".join(uneven)} if uneven else ""


@register
class AdmissionProgress(Rule):
    """Judged on the period's last year: admitted ÷ that year's target, and the
    term's cumulative admissions ÷ the pro-rata share of the congress target
    due by then (judged only when every year of the term so far is recorded).
    Breach when either share is below `min_share`."""

    code = "AD-2"
    title = _("Tiến độ kết nạp đảng viên so với chỉ tiêu năm và chỉ tiêu nghị quyết đại hội")
    regulation = (
        "Chỉ tiêu kết nạp đảng viên của kế hoạch năm và của nghị quyết đại hội đảng bộ nhiệm kỳ; "
        "QĐ 29-QĐ/TW (25/7/2016) về thi hành Điều lệ Đảng (kết nạp đảng viên) [M: tỷ lệ tối thiểu là thực tiễn "
        "theo dõi của Ban, chưa đối chiếu văn bản]"
    )
    topic = "admission"
    severity = Severity.MEDIUM
    # The targets are the committee's own; what share is "behind" is the Board's practice.
    confidence = Confidence.TO_CONFIRM
    defaults = {"min_share": 1.0}

    def targets(self, scope):
        return scope.descendants(include_self=True).filter(
            level__in=(OrganizationLevel.UPPER, OrganizationLevel.GRASSROOTS)
        )

    def evaluate(self, organization, ctx):
        return next(iter(self.evaluate_many([organization], ctx)))

    def evaluate_many(self, organizations, ctx):
        """Two queries find the organizations with a target; the selector
        reads the figures of them all at once (four queries)."""
        organizations = list(organizations)
        ids = [o.pk for o in organizations]
        with_data = set(
            AdmissionYear.objects.filter(organization_id__in=ids, year=ctx.year, target__isnull=False)
            .values_list("organization_id", flat=True)
        ) | set(
            Congress.objects.filter(organization_id__in=ids, admission_target__isnull=False)
            .values_list("organization_id", flat=True)
        )
        terms = Term.objects.in_bulk() if with_data else {}
        figures = admission_progress_many(
            user=SYSTEM, organizations=[o for o in organizations if o.pk in with_data], year=ctx.year,
        ) if with_data else {}
        for organization in organizations:
            if organization.pk not in with_data:
                yield self.insufficient(organization, MSG_NO_TARGET, year=ctx.year)
                continue
            yield self.judge(organization, figures[organization.pk], terms, ctx)

    def judge(self, organization, figures, terms, ctx):
        minimum = ctx.threshold("min_share")
        yearly, term = figures["yearly"], figures["term"]
        params = {"year": ctx.year, "min": format_percent(minimum),
                  "composition": composition_sentence(figures["composition"])}
        shares = []
        if yearly.target is not None:
            shares.append(share(yearly.done, yearly.target))
            params.update(admitted=format_count(yearly.done), target=format_count(yearly.target),
                          year_share=format_percent(share(yearly.done, yearly.target)))
        term_judged = (
            term is not None and term["expected_by_year"] and
            len(term["admission_ids"]) == ctx.year - terms[term["term"]].start_year
        )
        if term_judged:
            done, expected = term["progress"].done, term["expected_by_year"]
            shares.append(share(done, expected))
            params.update(term=term["term_name"], done=format_count(done), expected=format_count(expected),
                          term_share=format_percent(share(done, expected)),
                          term_target=format_count(term["progress"].target))
        if not shares:
            return self.insufficient(organization, MSG_NO_TARGET, year=ctx.year)
        if yearly.target is not None and term_judged:
            message = MSG_YEAR_AND_TERM
        else:
            message = MSG_YEAR if yearly.target is not None else MSG_TERM
        measured = min(shares)
        evidence = {
            "organizations.admissionyear": sorted(
                {figures["admission_id"]} - {None} | set(term["admission_ids"] if term else [])),
            "organizations.congress": [term["congress_id"]] if term and term["congress_id"] else [],
            "organizations.membershipstructure": [figures["structure_id"]] if figures["structure_id"] else [],
        }
        return self.result(
            organization, Outcome.BREACH if measured < minimum else Outcome.PASS, measured=measured,
            threshold=minimum, message=message, params=params, evidence={k: v for k, v in evidence.items() if v},
        )




@register
class AdmissionComposition(Rule):
    """"Cơ cấu đảng viên được kết nạp chưa đều": for each dimension of
    `dimensions`, the share among the year's admitted against the share in
    the organization's latest membership structure (up to that year). Only a
    shortfall of more than `max_gap_pp` points trips it: admitting more women
    or young people than their share is not uneven. Three queries."""

    code = "AD-3"
    title = _("Cơ cấu đảng viên được kết nạp không thấp hơn cơ cấu đảng viên của đảng bộ")
    regulation = (
        "Chỉ tiêu cơ cấu kết nạp đảng viên của nghị quyết đại hội và kế hoạch năm (nữ, trẻ, công nhân, dân tộc "
        "thiểu số...) [M: độ lệch cho phép là thực tiễn theo dõi của Ban]"
    )
    topic = "admission"
    severity = Severity.LOW
    confidence = Confidence.TO_CONFIRM
    defaults = {"max_gap_pp": 10, "dimensions": ["women", "under_30", "ethnic_minority", "sector_worker"]}
    note = _("max_gap_pp: số điểm phần trăm thấp hơn cơ cấu đảng viên của đảng bộ được chấp nhận; dimensions: các "
             "mặt cơ cấu được xét.")

    def targets(self, scope):
        return scope.descendants(include_self=True).filter(
            level__in=(OrganizationLevel.UPPER, OrganizationLevel.GRASSROOTS)
        )

    def evaluate(self, organization, ctx):
        return next(iter(self.evaluate_many([organization], ctx)))

    def evaluate_many(self, organizations, ctx):
        organizations = list(organizations)
        ids = [o.pk for o in organizations]
        admitted = {a.organization_id: a for a in AdmissionYear.objects.filter(organization_id__in=ids,
                                                                                year=ctx.year)}
        structures = {}
        for structure in MembershipStructure.objects.filter(organization_id__in=ids, year__lte=ctx.year).order_by(
                "year"):
            structures[structure.organization_id] = structure
        for organization in organizations:
            record, structure = admitted.get(organization.pk), structures.get(organization.pk)
            if record is None or structure is None or not record.admitted:
                yield self.insufficient(organization, MSG_NO_COMPOSITION, year=ctx.year)
                continue
            yield self.judge(organization, record, structure, ctx)

    def judge(self, organization, record, structure, ctx):
        threshold = ctx.threshold("max_gap_pp")
        wanted = set(ctx.thresholds.get("dimensions") or self.defaults["dimensions"])
        gaps = [gap for gap in composition_gaps(
            admitted={k: v for k, v in record.composition().items() if k in wanted}, admitted_total=record.admitted,
            structure=structure.composition(), structure_total=structure.members_total, threshold_pp=threshold,
        ) if gap.uneven]
        worst = max((-gap.gap_pp for gap in gaps), default=None)
        params = {"year": ctx.year, "structure_year": structure.year, "max": formatting.number(threshold)}
        if gaps:
            params["gaps"] = "; ".join(
                gettext(MSG_GAP) % {"label": AdmissionYear.dimension_label(gap.dimension),
                                    "admitted": _percent_points(gap.admitted_percent),
                                    "structure": _percent_points(gap.structure_percent)} for gap in gaps)
        return self.result(
            organization, Outcome.BREACH if gaps else Outcome.PASS, measured=worst, threshold=threshold,
            message=MSG_SHORTFALL if gaps else MSG_EVEN, params=params,
            evidence={"organizations.admissionyear": [record.pk], "organizations.membershipstructure": [structure.pk]},
        )

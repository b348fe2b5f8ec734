"""Quality rating (xếp loại chất lượng): the 20 % relation between HTXSNV and HTTNV."""
import datetime
import math
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.services import SYSTEM
from organizations.choices import OrganizationKind, OrganizationLevel
from organizations.record_choices import RatingSubject
from organizations.selectors import rating_relations

from ..base import Rule, format_count, format_percent, register, share
from ..choices import Confidence, Outcome, Severity

RATING_REGULATION = (
    "QĐ 132-QĐ/TW (08/3/2018), HD 16-HD/BTCTW (24/9/2018), HD 21-HD/BTCTW (18/10/2019) mục 2.3; "
    "tiếp tục theo QĐ 124-QĐ/TW (04/10/2023) và HD 25-HD/BTCTW. Từ kỳ xếp loại theo QĐ 366-QĐ/TW "
    "(30/8/2025) và HD 43-HD/BTCTW cần đối chiếu lại."
)


class ExcellentCapRule(Rule):
    """HTXSNV ≤ max_share × HTTNV in the rating of the period's last year.
    The cap is the rule's threshold; the organizations app's stored
    `excellent_cap_exceeded` flag follows it (rules.policy_provider)."""

    topic = "quality_rating"
    valid_from = datetime.date(2018, 3, 8)  # QĐ 132-QĐ/TW; before it the old levels had no such cap
    defaults = {"max_share": 0.2}
    subject = ""
    msg_missing = msg_old_levels = msg_share = msg_no_good = msg_none = ""

    def evaluate(self, organization, ctx):
        rows = rating_relations(user=SYSTEM, organization=organization, year=ctx.year, subject=self.subject,
                                subtree=False)
        return self.judge(organization, rows[0] if rows else None, ctx)

    def evaluate_many(self, organizations, ctx):
        if ctx.scope is None:
            yield from super().evaluate_many(organizations, ctx)
            return
        # One query for the whole subtree.
        rows = {
            row["organization"].pk: row
            for row in rating_relations(user=SYSTEM, organization=ctx.scope, year=ctx.year, subject=self.subject)
        }
        for organization in organizations:
            yield self.judge(organization, rows.get(organization.pk), ctx)

    def judge(self, organization, row, ctx):
        if row is None:
            return self.insufficient(organization, self.msg_missing, year=ctx.year)
        relation = row["relation"]
        evidence = {"organizations.qualityrating": [row["rating_id"]]}
        if relation is None:
            return self.result(organization, Outcome.NOT_APPLICABLE, message=self.msg_old_levels,
                               params={"year": row["year"]}, evidence=evidence)
        cap = ctx.threshold("max_share")
        excellent, good = relation.excellent, relation.good
        breach = Decimal(excellent) > cap * good  # exact: equality is within the cap
        params = {"excellent": format_count(excellent), "good": format_count(good), "max": format_percent(cap),
                  "allowed": format_count(math.floor(cap * good)), "year": row["year"]}
        if good:
            message = self.msg_share
            params["share"] = format_percent(share(excellent, good))
        else:
            message = self.msg_no_good if excellent else self.msg_none
        return self.result(
            organization, Outcome.BREACH if breach else Outcome.PASS, measured=share(excellent, good),
            threshold=cap, message=message, params=params, evidence=evidence,
        )


@register
class MembersExcellentCap(ExcellentCapRule):
    code = "QR-1"
    # xgettext:no-python-format
    title = _("Đảng viên xếp loại hoàn thành xuất sắc nhiệm vụ không quá 20 % số đảng viên hoàn thành tốt nhiệm vụ "
              "trong mỗi tổ chức cơ sở đảng")
    regulation = RATING_REGULATION
    severity = Severity.MEDIUM
    confidence = Confidence.VERIFIED
    subject = RatingSubject.MEMBERS
    msg_missing = gettext_noop("Chưa có số liệu xếp loại chất lượng đảng viên năm %(year)s.")
    msg_old_levels = gettext_noop(
        "Năm %(year)s đảng viên được xếp loại theo các mức cũ, không áp dụng tỷ lệ hoàn thành xuất sắc nhiệm vụ so "
        "với hoàn thành tốt nhiệm vụ."
    )
    msg_share = gettext_noop(
        "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ bằng %(share)s số đảng viên hoàn thành tốt nhiệm vụ năm "
        "%(year)s (%(excellent)s/%(good)s; "
        "quy định không quá %(max)s, tức tối đa %(allowed)s đảng viên)."
    )
    msg_no_good = gettext_noop(
        "Có %(excellent)s đảng viên hoàn thành xuất sắc nhiệm vụ năm %(year)s nhưng không có đảng viên hoàn thành tốt "
        "nhiệm vụ "
        "(quy định số hoàn thành xuất sắc nhiệm vụ không quá %(max)s số hoàn thành tốt nhiệm vụ)."
    )
    msg_none = gettext_noop("Năm %(year)s không có đảng viên xếp loại hoàn thành xuất sắc nhiệm vụ hay hoàn thành tốt "
                            "nhiệm vụ.")

    def targets(self, scope):
        return scope.descendants(include_self=True).filter(level=OrganizationLevel.GRASSROOTS)


@register
class OrganizationsExcellentCap(ExcellentCapRule):
    code = "QR-2"
    # xgettext:no-python-format
    title = _("Tổ chức đảng trực thuộc xếp loại hoàn thành xuất sắc nhiệm vụ không quá 20 % số tổ chức hoàn thành tốt "
              "nhiệm vụ")
    regulation = (
        "Tỷ lệ 20 % áp dụng cho tổ chức cơ sở đảng trong mỗi đảng bộ cấp trên cơ sở và chi bộ trực thuộc trong "
        "mỗi đảng bộ cơ sở [M: chưa đối chiếu văn bản, thường được nêu theo " + RATING_REGULATION + "]"
    )
    severity = Severity.MEDIUM
    confidence = Confidence.TO_CONFIRM
    subject = RatingSubject.ORGANIZATIONS
    msg_missing = gettext_noop("Chưa có số liệu xếp loại chất lượng tổ chức đảng trực thuộc năm %(year)s.")
    msg_old_levels = gettext_noop(
        "Năm %(year)s tổ chức đảng được xếp loại theo các mức cũ (trong sạch, vững mạnh...), "
        "không áp dụng tỷ lệ hoàn thành xuất sắc nhiệm vụ so với hoàn thành tốt nhiệm vụ."
    )
    msg_share = gettext_noop(
        "Tỷ lệ tổ chức đảng trực thuộc hoàn thành xuất sắc nhiệm vụ bằng %(share)s số tổ chức hoàn thành tốt nhiệm vụ "
        "năm %(year)s "
        "(%(excellent)s/%(good)s; quy định không quá %(max)s, tức tối đa %(allowed)s tổ chức)."
    )
    msg_no_good = gettext_noop(
        "Có %(excellent)s tổ chức đảng trực thuộc hoàn thành xuất sắc nhiệm vụ năm %(year)s nhưng không có tổ chức "
        "hoàn thành tốt nhiệm vụ "
        "(quy định số hoàn thành xuất sắc nhiệm vụ không quá %(max)s số hoàn thành tốt nhiệm vụ)."
    )
    msg_none = gettext_noop("Năm %(year)s không có tổ chức đảng trực thuộc xếp loại hoàn thành xuất sắc nhiệm vụ hay "
                            "hoàn thành tốt nhiệm vụ.")

    def targets(self, scope):
        """Upper-level committees (their grassroots organizations) and đảng bộ cơ sở (their cells)."""
        return scope.descendants(include_self=True).filter(
            Q(level=OrganizationLevel.UPPER) | Q(kind=OrganizationKind.GRASSROOTS_COMMITTEE)
        )

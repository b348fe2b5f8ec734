"""Tổng kết công tác kiểm tra: what the closing paragraphs of the seed say,
counted from the records: inspections concluded and organizations inspected,
findings by topic and kind, the limitations found most often, how far the
remediation got, the rule-check breaches and the program's progress."""
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.formatting import percent, text_date
from inspection.choices import FindingKind, InspectionStatus, ProgramItemState, Severity
from inspection.models import Finding, Inspection, InspectionTarget
from rules.base import REGISTRY
from rules.choices import Outcome, RunStatus
from rules.models import RuleCheckResult

from ..choices import PeriodType
from ..kinds import ANNUAL_SUMMARY, BuiltReport, register
from ..periods import parse_period
from ..rendering import Heading, Paragraph, Table
from .common import board_document
from .program_progress import program_items
from .remediation_followup import followup_states
from .requirements import CHUNK, report_as_of
from .tally import DOCUMENT_ROWS, TALLY_HEADERS, Tally, listing

FREQUENT_LIMITATIONS = 10
NAMED_ORGANIZATIONS = 12  # named in the text; the spreadsheet lists them all
FINDING_HEADERS = ["STT", "Cuộc kiểm tra", "Tổ chức được kiểm tra", "Nội dung", "Loại", "Mức độ", "Nhận xét",
                   "Nhãn"]


def concluded_inspections(scope, period, as_of):
    """Inspections of the scope whose conclusion came out in the period."""
    return Inspection.objects.within(scope).exclude(status=InspectionStatus.CANCELLED).filter(
        actual_end__gte=period.start, actual_end__lte=as_of)


def period_findings(scope, concluded):
    return Finding.objects.within(scope).filter(inspection__in=concluded.values("pk"))


def findings_by_topic(findings):
    table = {}
    rows = findings.order_by().values("topic__order", "topic__code", "topic__name", "kind").annotate(n=Count("pk"))
    for row in sorted(rows, key=lambda r: (r["topic__order"], r["topic__code"])):
        counts = table.setdefault(row["topic__name"], Counter())
        counts[row["kind"]] += row["n"]
    return [[index, name, counts[FindingKind.STRENGTH], counts[FindingKind.LIMITATION]]
            for index, (name, counts) in enumerate(table.items(), 1)]


def frequent_limitations(findings, size=FREQUENT_LIMITATIONS):
    rows = findings.filter(kind=FindingKind.LIMITATION, tags__isnull=False).order_by().values(
        "tags__slug", "tags__name").annotate(organizations=Count("organization", distinct=True),
                                             findings=Count("pk", distinct=True))
    rows = rows.order_by("-organizations", "-findings", "tags__slug")[:size]
    return [[index, row["tags__name"], row["organizations"], row["findings"]] for index, row in enumerate(rows, 1)]


RULE_HEADERS = ["Mã quy định", "Quy định", "Số tổ chức vi phạm", "Số tổ chức cần xem xét"]


def rule_breaches(scope, period):
    """Per rule, the organizations found in breach and those with a warning
    (counted apart) by the checks run over the period or by the period's inspections."""
    # The runs over the period, and those of the year's inspections (a 2019 inspection examines 2018's data).
    in_period = Q(run__period_end__gte=period.start, run__period_end__lte=period.end) | Q(
        run__inspection__year__gte=period.start.year, run__inspection__year__lte=period.end.year)
    rows = RuleCheckResult.objects.within(scope).filter(
        in_period, outcome__in=(Outcome.BREACH, Outcome.WARNING), run__status=RunStatus.DONE,
    ).order_by().values("rule_code").annotate(
        breaches=Count("organization", distinct=True, filter=Q(outcome=Outcome.BREACH)),
        warnings=Count("organization", distinct=True, filter=Q(outcome=Outcome.WARNING)),
    ).order_by("rule_code")
    return [[row["rule_code"], REGISTRY[row["rule_code"]].title if row["rule_code"] in REGISTRY else "",
             row["breaches"], row["warnings"]] for row in rows]


def finding_rows(findings):
    rows = findings.select_related("inspection", "organization", "topic").prefetch_related("tags").order_by(
        "inspection__code", "organization__path", "topic__order", "kind", "pk")
    for index, finding in enumerate(rows.iterator(chunk_size=CHUNK), 1):
        yield [index, finding.inspection.code, finding.organization.name, finding.topic.name,
               str(FindingKind(finding.kind).label), str(Severity(finding.severity).label) if finding.severity else "",
               finding.text, ", ".join(tag.name for tag in finding.tags.all())]


# --- the sentences: a count of zero is said in words, or its clause left out -------------
def _results_text(period, scope, inspections, organizations, strengths, limitations):
    if not inspections:
        return f"Trong {period.label}, chưa có cuộc kiểm tra nào được kết luận đối với tổ chức đảng thuộc {scope.name}."
    named = f" ({', '.join(organizations)})" if 0 < len(organizations) <= NAMED_ORGANIZATIONS else ""
    found = listing([strengths and f"{strengths} ưu điểm", limitations and f"{limitations} hạn chế, khuyết điểm"])
    return (f"Trong {period.label}, đã kết luận {len(inspections)} cuộc kiểm tra đối với {len(organizations)} tổ "
            f"chức đảng thuộc {scope.name}{named}; "
            + (f"qua kiểm tra ghi nhận {found}." if found else "chưa ghi nhận ưu điểm, hạn chế nào."))


def _remediation_text(as_of, remediation: Tally):
    if not remediation.total:
        return f"Tính đến ngày {text_date(as_of)}, chưa có yêu cầu khắc phục nào đang được theo dõi."
    done = (f"{remediation.verified} yêu cầu đã hoàn thành (tỷ lệ hoàn thành {percent(remediation.completion)})"
            if remediation.verified else "chưa có yêu cầu nào được xác nhận hoàn thành")
    overdue = f"{remediation.overdue} yêu cầu quá hạn" if remediation.overdue else "không có yêu cầu nào quá hạn"
    return (f"Tính đến ngày {text_date(as_of)}, trong {remediation.total} yêu cầu khắc phục đang theo dõi có "
            f"{done}; {overdue}.")


def _program_text(period, planned, done, late):
    closing = (" Qua kiểm tra, giám sát đã giúp nắm được tình hình, kết quả tổ chức thực hiện tại các cấp ủy, phát "
               "hiện những bất cập, hạn chế để hướng dẫn, chấn chỉnh, bổ sung và sửa đổi phù hợp.")
    if not planned:
        return f"Chương trình kiểm tra, giám sát {period.label} chưa có nội dung."
    progress = f"đã hoàn thành {done} nội dung" if done else "chưa hoàn thành nội dung nào"
    pace = f", tiến độ {late} nội dung có chậm so với kế hoạch đề ra." if late else ", đúng tiến độ đề ra."
    return f"Chương trình kiểm tra, giám sát {period.label} có {planned} nội dung; {progress}{pace}{closing}"


def build(report, progress):
    scope, as_of = report.scope, report_as_of(report)
    period = parse_period(report.period_key)
    progress(5)
    concluded = concluded_inspections(scope, period, as_of)
    inspections = list(concluded.order_by("actual_end", "code").values_list("code", "title", "actual_end"))
    targets = InspectionTarget.objects.within(scope).filter(inspection__in=concluded.values("pk"))
    organizations = list(targets.order_by("organization__path").values_list("organization__name", flat=True)
                         .distinct())
    findings = period_findings(scope, concluded)
    by_topic = findings_by_topic(findings)
    frequent = frequent_limitations(findings)
    progress(30)
    remediation = Tally()
    for state in followup_states(report):
        remediation.add(state)
    progress(60)
    breaches = rule_breaches(scope, period)
    plan = Counter(item.plan_state for item in program_items(scope, period, as_of).iterator(chunk_size=CHUNK))
    progress(80)
    strengths = sum(row[2] for row in by_topic)
    limitations = sum(row[3] for row in by_topic)
    planned, late = sum(plan.values()), plan[ProgramItemState.LATE]
    blocks = [
        Heading("I. KẾT QUẢ KIỂM TRA"),
        Paragraph(_results_text(period, scope, inspections, organizations, strengths, limitations)),
        Table(["STT", "Cuộc kiểm tra", "Ngày kết luận"],
              [[index, f"{code} – {title}", end]
               for index, (code, title, end) in enumerate(inspections[:DOCUMENT_ROWS], 1)])
        if inspections else Paragraph("Không có cuộc kiểm tra nào được kết luận trong kỳ."),
        Heading("II. ƯU ĐIỂM, HẠN CHẾ THEO NỘI DUNG KIỂM TRA"),
        Table(["STT", "Nội dung kiểm tra", "Ưu điểm", "Hạn chế, khuyết điểm"], by_topic)
        if by_topic else Paragraph("Chưa ghi nhận kết quả kiểm tra."),
        Heading("III. NHỮNG HẠN CHẾ LẶP LẠI NHIỀU NHẤT"),
        Table(["STT", "Hạn chế", "Số tổ chức", "Số lần ghi nhận"], frequent)
        if frequent else Paragraph("Chưa có hạn chế nào được gắn nhãn để tổng hợp."),
        Heading("IV. THỰC HIỆN YÊU CẦU KHẮC PHỤC"),
        Paragraph(_remediation_text(as_of, remediation)),
        Table(["Tình hình thực hiện", "Số yêu cầu"], list(zip(TALLY_HEADERS, remediation.row(), strict=True))),
        Heading("V. KẾT QUẢ KIỂM TRA THEO QUY ĐỊNH"),
        Table(RULE_HEADERS, breaches)
        if breaches else Paragraph("Các lượt kiểm tra theo quy định trong kỳ không phát hiện trường hợp vi phạm hay "
                                   "cần xem xét."),
        Heading("VI. ĐÁNH GIÁ CHUNG"),
        Paragraph(_program_text(period, planned, plan[ProgramItemState.DONE], late)),
    ]
    document = board_document(
        report=report,
        type_code="BC", doc_type_title="BÁO CÁO",
        subject=f"Tổng kết công tác kiểm tra, giám sát {period.label} – {scope.name}",
        blocks=blocks,
        recipients=["Thường trực Thành ủy (để báo cáo),", "Ban Thường vụ Thành ủy (để báo cáo),",
                    "Ủy ban Kiểm tra Thành ủy,", "Lưu Văn phòng Ban."],
    )
    sheets = {
        "Cuộc kiểm tra": (["Mã", "Tên cuộc kiểm tra", "Ngày kết luận"], inspections),
        "Tổ chức được kiểm tra": (["Tổ chức"], [[name] for name in organizations]),
        "Theo nội dung": (["STT", "Nội dung kiểm tra", "Ưu điểm", "Hạn chế, khuyết điểm"], by_topic),
        "Hạn chế lặp lại": (["STT", "Hạn chế", "Số tổ chức", "Số lần ghi nhận"], frequent),
        "Khắc phục": (["Tình hình thực hiện", "Số yêu cầu"], list(zip(TALLY_HEADERS, remediation.row(), strict=True))),
        "Kiểm tra theo quy định": (RULE_HEADERS, breaches),
        "Kết quả kiểm tra": (FINDING_HEADERS, finding_rows(findings)),
    }
    progress(100)
    return BuiltReport(party_document=document, sheets=sheets)


register(
    ANNUAL_SUMMARY, _("Tổng kết công tác kiểm tra, giám sát"), build, ("docx", "pdf", "xlsx"),
    period_type=PeriodType.YEAR,
    description=_("Số cuộc kiểm tra, tổ chức được kiểm tra, ưu điểm và hạn chế theo nội dung, hạn chế lặp lại, tỷ lệ "
                  "hoàn thành khắc phục, kết quả kiểm tra theo quy định và tiến độ chương trình."),
)

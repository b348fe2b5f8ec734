"""Tiến độ thực hiện chương trình kiểm tra, giám sát: the program items
planned in the period, planned against actual (the late ones named), and the
inspections of the period by their status at its end."""
from collections import Counter

from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from core.formatting import table_date, text_date
from inspection.as_of import inspections_existing_on, inspections_on
from inspection.choices import InspectionStatus, ProgramItemState
from inspection.models import Inspection, ProgramItem
from inspection.selectors import with_plan_state

from ..choices import PeriodType
from ..kinds import PROGRAM_PROGRESS, BuiltReport, register
from ..periods import parse_period
from ..rendering import Heading, Paragraph, Table
from .common import board_document
from .requirements import CHUNK, report_as_of
from .tally import listing

ITEM_HEADERS = ["STT", "Chương trình", "Nội dung", "Đối tượng kiểm tra", "Kế hoạch từ", "Kế hoạch đến",
                "Cuộc kiểm tra", "Bắt đầu thực tế", "Hoàn thành", "Tình trạng", "Chậm so với kế hoạch"]
INSPECTION_HEADERS = ["STT", "Mã", "Tên cuộc kiểm tra", "Trạng thái (cuối kỳ)", "Tổ chức được kiểm tra",
                      "Dự kiến từ", "Dự kiến đến", "Ngày công bố", "Ngày kết luận"]


def program_items(scope, period, as_of):
    """Items of programs bound to the scope (issued in it, or targeting it) planned in the period."""
    items = ProgramItem.objects.within(scope).filter(planned_start__lte=period.end, planned_end__gte=period.start)
    inspections = inspections_existing_on(Inspection.objects.exclude(status=InspectionStatus.CANCELLED), as_of)
    first_start = inspections.filter(program_item=OuterRef("pk"), actual_start__lte=as_of).order_by(
        "actual_start").values("actual_start")[:1]
    runs = Prefetch("inspections", queryset=inspections.only("id", "code", "program_item_id").order_by("code"),
                    to_attr="runs")
    return with_plan_state(items, as_of).annotate(started_on=Subquery(first_start)).select_related(
        "program", "topic").prefetch_related("target_organizations", runs).order_by(
        "program__year", "program_id", "order", "pk")


def inspections_of(scope, period, as_of):
    """Inspections of the period's years in the scope, each with its status at the end of the day `as_of`
    (from the transition log: the status field says only what it is now)."""
    return inspections_on(Inspection.objects.within(scope), as_of).filter(
        year__gte=period.start.year, year__lte=period.end.year,
    ).annotate(status_then=F("status_as_of"))


def item_row(index, item):
    return [
        index, item.program.title, item.title, ", ".join(o.name for o in item.target_organizations.all()),
        item.planned_start, item.planned_end, ", ".join(run.code for run in item.runs), item.started_on,
        item.finished_on, str(ProgramItemState(item.plan_state).label), "Có" if item.behind_plan else "Không",
    ]


def inspection_rows(scope, period, as_of):
    rows = inspections_of(scope, period, as_of).prefetch_related("targets__organization").order_by("year", "code")
    for index, inspection in enumerate(rows.iterator(chunk_size=CHUNK), 1):
        yield [index, inspection.code, inspection.title, str(InspectionStatus(inspection.status_then).label),
               ", ".join(target.organization.name for target in inspection.targets.all()),
               inspection.planned_start, inspection.planned_end, inspection.actual_start, inspection.actual_end]


def build(report, progress):
    scope, as_of = report.scope, report_as_of(report)
    period = parse_period(report.period_key)
    progress(5)
    states = Counter()
    late, item_table = [], []
    for index, item in enumerate(program_items(scope, period, as_of).iterator(chunk_size=CHUNK), 1):
        states[item.plan_state] += 1
        if item.behind_plan:
            late.append(item)
        item_table.append([index, item.title, f"{table_date(item.planned_start)} – {table_date(item.planned_end)}",
                           item.finished_on, str(ProgramItemState(item.plan_state).label)])
    progress(50)
    by_status = {row["status_then"]: row["n"] for row in inspections_of(scope, period, as_of).order_by()
                 .values("status_then").annotate(n=Count("pk"))}
    status_rows = [[str(status.label), by_status[status.value]] for status in InspectionStatus
                   if by_status.get(status.value)]
    progress(70)
    planned = sum(states.values())
    S = ProgramItemState
    opening = f"Tính đến ngày {text_date(as_of)}, chương trình kiểm tra, giám sát trong phạm vi {scope.name}"
    if planned:
        summary = f"{opening} có {planned} nội dung theo kế hoạch {period.label}: " + listing([
            states[S.DONE] and f"{states[S.DONE]} nội dung đã hoàn thành",
            states[S.ON_SCHEDULE] and f"{states[S.ON_SCHEDULE]} nội dung đang thực hiện đúng tiến độ",
            states[S.LATE] and f"{states[S.LATE]} nội dung chậm so với kế hoạch",
            states[S.NOT_STARTED] and f"{states[S.NOT_STARTED]} nội dung chưa đến kỳ",
        ]) + "."
    else:
        summary = f"{opening} chưa có nội dung theo kế hoạch {period.label}."
    if late:
        late_text = "; ".join(f"“{item.title}” (kế hoạch đến {text_date(item.planned_end)}"
                              + (f", hoàn thành ngày {text_date(item.finished_on)})" if item.finished_on else ")")
                              for item in late)
        late_block = Paragraph(f"Các nội dung chậm so với kế hoạch: {late_text}.")
    else:
        late_block = Paragraph("Không có nội dung nào chậm so với kế hoạch.")
    blocks = [
        Heading("I. THỰC HIỆN CHƯƠNG TRÌNH KIỂM TRA, GIÁM SÁT"),
        Paragraph(summary),
        Table(["STT", "Nội dung", "Thời gian theo kế hoạch", "Hoàn thành", "Tình trạng"], item_table)
        if item_table else Paragraph("Không có nội dung chương trình nào trong kỳ."),
        late_block,
        Heading("II. CÁC CUỘC KIỂM TRA THEO TRẠNG THÁI"),
        Table(["Trạng thái", "Số cuộc kiểm tra"], status_rows) if status_rows
        else Paragraph("Không có cuộc kiểm tra nào trong kỳ."),
        Paragraph("Danh sách chi tiết các nội dung và cuộc kiểm tra kèm theo tại tệp Excel của báo cáo này.",
                  italic=True),
    ]
    document = board_document(
        report=report,
        type_code="BC", doc_type_title="BÁO CÁO",
        subject=f"Tiến độ thực hiện chương trình kiểm tra, giám sát {period.label} – {scope.name}",
        blocks=blocks,
        recipients=["Thường trực Thành ủy (để báo cáo),", "Ban Thường vụ Thành ủy (để báo cáo),", "Lưu Văn phòng Ban."],
    )
    sheets = {
        "Nội dung chương trình": (ITEM_HEADERS, (item_row(index, item) for index, item in enumerate(
            program_items(scope, period, as_of).iterator(chunk_size=CHUNK), 1))),
        "Cuộc kiểm tra": (INSPECTION_HEADERS, inspection_rows(scope, period, as_of)),
        "Theo trạng thái": (["Trạng thái", "Số cuộc kiểm tra"], status_rows),
    }
    progress(100)
    return BuiltReport(party_document=document, sheets=sheets)


register(
    PROGRAM_PROGRESS, _("Tiến độ thực hiện chương trình kiểm tra, giám sát"), build, ("docx", "pdf", "xlsx"),
    period_type=PeriodType.YEAR,
    description=_("Các nội dung của chương trình năm: kế hoạch và thực tế, nội dung chậm; các cuộc kiểm tra theo "
                  "trạng thái."),
)

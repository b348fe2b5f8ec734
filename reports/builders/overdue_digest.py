"""Bản tổng hợp yêu cầu quá hạn, sắp đến hạn: the requirements overdue, or
due within the next N days (report parameter `within_days`, default
DEFAULT_WINDOW_DAYS), at the end of the period, grouped by the organization
responsible for them."""
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.formatting import text_date

from ..choices import PeriodType
from ..kinds import OVERDUE_DIGEST, BuiltReport, register
from ..rendering import Heading, Paragraph, Table
from .common import board_document
from .requirements import issued_requirements, possibly_pending, report_as_of, requirement_states
from .tally import DOCUMENT_ROWS, SPREADSHEET_NOTE, listing

DEFAULT_WINDOW_DAYS = 14
ORDER = ("responsible_organization__path", "deadline", "pk")
HEADERS = ["STT", "Tổ chức chịu trách nhiệm", "Tổ chức được kiểm tra", "Cuộc kiểm tra", "Thông báo kết luận",
           "Nội dung yêu cầu", "Thời hạn hiện hành", "Trạng thái", "Tình trạng", "Số ngày quá hạn", "Còn lại (ngày)"]


def window_days(report) -> int:
    value = report.params.get("within_days") if report.params else None
    default = getattr(settings, "REPORTS_DIGEST_WINDOW_DAYS", DEFAULT_WINDOW_DAYS)
    try:
        return max(0, int(value)) if value is not None else default
    except (TypeError, ValueError):
        return default


def digest_states(scope, as_of: datetime.date, within: int):
    """Pending on `as_of` and overdue, or due by `as_of` + `within` days, by responsible organization."""
    horizon = as_of + datetime.timedelta(days=within)
    # An extension only moves a deadline later: a requirement first due after the horizon cannot be in it.
    candidates = possibly_pending(issued_requirements(scope, as_of), as_of).filter(original_deadline__lte=horizon)
    for state in requirement_states(candidates, as_of, order=ORDER):
        if state.is_pending and state.deadline <= horizon:
            yield state


def situation(state):
    if state.is_overdue:
        return f"Quá hạn {state.days_overdue} ngày"
    if state.days_left == 0:
        return "Đến hạn hôm nay"
    return f"Còn {state.days_left} ngày"


def digest_row(index, state):
    requirement = state.requirement
    conclusion = requirement.conclusion
    return [index, requirement.responsible_organization.name, requirement.organization.name,
            conclusion.inspection.code, str(conclusion.document) if conclusion.document_id else "", requirement.text,
            state.deadline, state.status_label, situation(state), state.days_overdue,
            None if state.is_overdue else state.days_left]


def _situation_text(scope, as_of, within, overdue, due_soon, organizations):
    horizon = text_date(as_of + datetime.timedelta(days=within))
    opening = f"Tính đến ngày {text_date(as_of)}, trong phạm vi {scope.name}"
    if not overdue and not due_soon:
        return (f"{opening} không có yêu cầu khắc phục nào quá hạn hoặc sẽ đến hạn trong {within} ngày tới "
                f"(đến ngày {horizon}).")
    counts = listing([
        overdue and f"{overdue} yêu cầu khắc phục đã quá hạn",
        due_soon and f"{due_soon} yêu cầu{'' if overdue else ' khắc phục'} sẽ đến hạn trong {within} ngày tới "
                     f"(đến ngày {horizon})",
    ])
    return f"{opening} có {counts}, thuộc {organizations} tổ chức chịu trách nhiệm."


def _group_blocks(headers, groups):
    """Every organization in tree order; past DOCUMENT_ROWS (a whole city: over a thousand) the
    most behind only, and the complete table in the spreadsheet's "Theo tổ chức" sheet."""
    if len(groups) <= DOCUMENT_ROWS:
        return [Table(headers, [[index, *group] for index, group in enumerate(groups.values(), 1)])]
    ranked = sorted(groups.values(), key=lambda group: (-group[1], -group[3], -group[2], group[0]))[:DOCUMENT_ROWS]
    return [Table(headers, [[index, *group] for index, group in enumerate(ranked, 1)]),
            Paragraph(f"Bảng trên nêu {len(ranked)}/{len(groups)} tổ chức có nhiều yêu cầu quá hạn nhất; số liệu "
                      f"của tất cả các tổ chức xem tại sheet “Theo tổ chức” của tệp Excel kèm theo.", italic=True)]


def build(report, progress):
    scope, as_of, within = report.scope, report_as_of(report), window_days(report)
    progress(5)
    groups = {}  # responsible org path -> [name, overdue, due soon, most days overdue]
    listed = []
    count = 0
    for state in digest_states(scope, as_of, within):
        count += 1
        organization = state.requirement.responsible_organization
        group = groups.setdefault(organization.path, [organization.name, 0, 0, 0])
        if state.is_overdue:
            group[1] += 1
            group[3] = max(group[3], state.days_overdue)
        else:
            group[2] += 1
        if len(listed) < DOCUMENT_ROWS:
            listed.append([organization.name, state.requirement.text, state.deadline, situation(state)])
    progress(80)
    overdue = sum(group[1] for group in groups.values())
    due_soon = sum(group[2] for group in groups.values())
    group_rows = [[index, *group] for index, group in enumerate(groups.values(), 1)]
    group_headers = ["STT", "Tổ chức chịu trách nhiệm", "Quá hạn", f"Đến hạn trong {within} ngày",
                     "Quá hạn lâu nhất (ngày)"]
    blocks = [
        Heading("I. TÌNH HÌNH CHUNG"),
        Paragraph(_situation_text(scope, as_of, within, overdue, due_soon, len(groups))),
        Heading("II. THEO TỔ CHỨC CHỊU TRÁCH NHIỆM"),
        *(_group_blocks(group_headers, groups) if group_rows
          else [Paragraph("Không có yêu cầu nào quá hạn hoặc sắp đến hạn.")]),
    ]
    if listed:
        blocks += [Heading("III. DANH SÁCH YÊU CẦU"),
                   Table(["STT", "Tổ chức chịu trách nhiệm", "Nội dung yêu cầu", "Thời hạn", "Tình trạng"],
                         [[index, *row] for index, row in enumerate(listed, 1)])]
    if count > len(listed):
        blocks.append(Paragraph(f"Bảng trên nêu {len(listed)}/{count} yêu cầu. {SPREADSHEET_NOTE}", italic=True))
    document = board_document(
        report=report,
        type_code="BC", doc_type_title="BÁO CÁO",
        subject=f"Tổng hợp yêu cầu khắc phục quá hạn, sắp đến hạn – {scope.name} (tính đến ngày {text_date(as_of)})",
        blocks=blocks,
        recipients=["Lãnh đạo Ban (để báo cáo),", "Các đoàn kiểm tra,", "Lưu Văn phòng Ban."],
    )
    sheets = {
        "Theo tổ chức": (group_headers, group_rows),
        "Yêu cầu": (HEADERS, (digest_row(index, state)
                              for index, state in enumerate(digest_states(scope, as_of, within), 1))),
    }
    progress(100)
    return BuiltReport(party_document=document, sheets=sheets)


register(
    OVERDUE_DIGEST, _("Tổng hợp yêu cầu khắc phục quá hạn, sắp đến hạn"), build, ("docx", "pdf", "xlsx"),
    period_type=PeriodType.WEEK,
    description=_("Các yêu cầu khắc phục đã quá hạn hoặc sắp đến hạn tại thời điểm cuối kỳ, nhóm theo tổ chức "
                  "chịu trách nhiệm."),
)

"""Báo cáo theo dõi thực hiện kết luận: every remediation requirement in force
in the scope during the period, as it stood at the end of the period, per
inspection and per organization; totals; the organizations most behind.

In force: its notice was issued by the end of the period and it had not
already been verified before the period began. Aggregates are counted in one
streamed pass; the spreadsheet's full list is a second streamed pass, pulled
by the XLSX writer."""
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from core.formatting import percent, table_date, text_date

from ..choices import PeriodType
from ..kinds import REMEDIATION_FOLLOWUP, BuiltReport, register
from ..periods import parse_period
from ..rendering import Heading, Paragraph, Table
from .common import board_document
from .requirements import issued_requirements, report_as_of, requirement_states
from .tally import DOCUMENT_ROWS, SPREADSHEET_NOTE, TALLY_HEADERS, Tally, Worst, listing, notice_label

ORDER = ("conclusion__inspection__year", "conclusion__inspection__code", "conclusion_id", "organization__path",
         "pk")
MOST_BEHIND = 5
# Up to this many notices the document shows each one's tables; past it (a whole city's
# follow-up: thousands of notices) one summary row per notice for the most behind, and
# the complete figures in the spreadsheet, so that the PDF stays a document people read.
DOCUMENT_NOTICES = 12
REQUIREMENT_HEADERS = [
    "STT", "Cuộc kiểm tra", "Thông báo kết luận", "Tổ chức được kiểm tra", "Tổ chức chịu trách nhiệm",
    "Nội dung yêu cầu", "Thời hạn ban đầu", "Thời hạn hiện hành", "Trạng thái", "Tiến độ báo cáo gần nhất (%)",
    "Ngày báo cáo gần nhất", "Nội dung báo cáo gần nhất", "Số ngày quá hạn",
]


def followup_states(report):
    """The requirements in force in the report's scope and period, as they stood at its end."""
    as_of = report_as_of(report)
    states = requirement_states(issued_requirements(report.scope, as_of), as_of,
                                period_start=report.period_start, order=ORDER)
    return (state for state in states if not state.verified_before_period)


def requirement_row(index, state):
    requirement = state.requirement
    conclusion = requirement.conclusion
    return [
        index, conclusion.inspection.code, str(conclusion.document) if conclusion.document_id else "",
        requirement.organization.name, requirement.responsible_organization.name, requirement.text,
        requirement.original_deadline, state.deadline, state.status_label, state.percent,
        state.reported_at.date() if state.reported_at else None, state.report_text, state.days_overdue,
    ]


class FollowUp:
    """Everything the document shows, counted in one pass over the states."""

    def __init__(self):
        self.total = Tally()
        self.notices = {}  # conclusion id -> label, in report order
        self.per_notice_org = defaultdict(dict)  # conclusion id -> {org path: (name, Tally)}
        self.per_notice_text = defaultdict(dict)  # conclusion id -> {(text, deadline): Tally}
        self.per_notice = defaultdict(Tally)  # conclusion id -> Tally
        self.per_org = {}  # org path -> (name, Tally)
        self.overdue = Worst()

    def add(self, state):
        requirement = state.requirement
        conclusion, organization = requirement.conclusion, requirement.organization
        self.notices.setdefault(conclusion.pk, notice_label(conclusion))
        self.total.add(state)
        self.per_notice[conclusion.pk].add(state)
        self.per_notice_org[conclusion.pk].setdefault(organization.path, (organization.name, Tally()))[1].add(state)
        key = (requirement.text, requirement.original_deadline)
        self.per_notice_text[conclusion.pk].setdefault(key, Tally()).add(state)
        self.per_org.setdefault(organization.path, (organization.name, Tally()))[1].add(state)
        if state.is_overdue:
            self.overdue.add(state.days_overdue, [
                organization.name, requirement.text, table_date(state.deadline), state.days_overdue,
                state.status_label])

    def most_behind(self, size=MOST_BEHIND):
        ranked = sorted(self.per_org.values(), key=lambda item: (item[1].behind_key(), item[0]))
        return [(name, tally) for name, tally in ranked if tally.overdue or tally.verified < tally.total][:size]


def _summary_paragraph(scope, as_of, total: Tally):
    """Counts that are zero are left out ("0 yêu cầu ..." is not written)."""
    if not total.total:
        return Paragraph(f"Tính đến ngày {text_date(as_of)}, {scope.name} và các tổ chức trực thuộc không có yêu cầu "
                         f"khắc phục nào đang được theo dõi.")
    done = (f"{total.verified} yêu cầu đã hoàn thành, được Ban Tổ chức Thành ủy xác nhận "
            f"(đạt {percent(total.completion)})") if total.verified else "chưa có yêu cầu nào được xác nhận hoàn thành"
    states = listing([
        done,
        total.reported_done and f"{total.reported_done} yêu cầu đơn vị đã báo cáo khắc phục đang chờ xác nhận",
        total.in_progress and f"{total.in_progress} yêu cầu đang khắc phục",
        total.not_started and f"{total.not_started} yêu cầu đơn vị chưa báo cáo",
    ])
    overdue = f"{total.overdue} yêu cầu đã quá hạn" if total.overdue else "không có yêu cầu nào quá hạn"
    return Paragraph(
        f"Tính đến ngày {text_date(as_of)}, {scope.name} và các tổ chức trực thuộc có {total.total} yêu cầu khắc "
        f"phục sau kiểm tra đang được theo dõi; trong đó {states}; {overdue}."
    )


# An empty scope is not a finished one: say plainly that there was nothing to follow.
NO_REQUIREMENTS = "Không có yêu cầu khắc phục trong phạm vi và kỳ này."


def _notice_summary(followup):
    """One row per notice, the most behind first, at most DOCUMENT_ROWS of them."""
    ranked = sorted(followup.notices.items(), key=lambda item: followup.per_notice[item[0]].behind_key())
    shown = ranked[:DOCUMENT_ROWS]
    count = len(followup.notices)
    lead = (f"Có {count} thông báo kết luận có yêu cầu khắc phục đang được theo dõi; bảng sau nêu "
            f"{len(shown)} thông báo có nhiều yêu cầu quá hạn nhất. Số liệu của từng thông báo, từng tổ chức "
            f"xem tại sheet “Theo cuộc kiểm tra” của tệp Excel kèm theo." if len(shown) < count else
            f"Có {count} thông báo kết luận có yêu cầu khắc phục đang được theo dõi; số liệu của từng tổ chức "
            f"xem tại sheet “Theo cuộc kiểm tra” của tệp Excel kèm theo.")
    return [
        Paragraph(lead),
        Table(["STT", "Thông báo kết luận", "Số đơn vị", *TALLY_HEADERS],
              [[index, label, len(followup.per_notice_org[conclusion_id]), *followup.per_notice[conclusion_id].row()]
               for index, (conclusion_id, label) in enumerate(shown, 1)]),
    ]


def _notice_blocks(followup):
    if len(followup.notices) > DOCUMENT_NOTICES:
        return _notice_summary(followup)
    blocks = []
    for number, (conclusion_id, label) in enumerate(followup.notices.items(), 1):
        organizations = followup.per_notice_org[conclusion_id].values()
        texts = list(followup.per_notice_text[conclusion_id].items())
        blocks += [
            Heading(f"{number}. {label}", level=2),
            Table(["STT", "Tổ chức được kiểm tra", *TALLY_HEADERS],
                  [[index, name, *tally.row()] for index, (name, tally) in enumerate(organizations, 1)]),
            Table(["STT", "Nội dung yêu cầu", "Thời hạn", "Số đơn vị", "Đã hoàn thành", "Quá hạn"],
                  [[index, text, deadline, tally.total, tally.verified, tally.overdue]
                   for index, ((text, deadline), tally) in enumerate(texts[:DOCUMENT_ROWS], 1)]),
        ]
    return blocks


def build(report, progress):
    scope, as_of = report.scope, report_as_of(report)
    progress(5)
    total_rows = issued_requirements(scope, as_of).count()
    followup = FollowUp()
    for index, state in enumerate(followup_states(report), 1):
        followup.add(state)
        if index % 200 == 0:
            progress(5 + 85 * index // max(total_rows, 1))
    total = followup.total
    behind = followup.most_behind()
    overdue = followup.overdue.items()
    period = parse_period(report.period_key)
    blocks = [
        Heading("I. TÌNH HÌNH CHUNG"),
        _summary_paragraph(scope, as_of, total),
        Table(["Tình hình thực hiện", "Số yêu cầu"], list(zip(TALLY_HEADERS, total.row(), strict=True))),
        Heading("II. KẾT QUẢ THEO TỪNG CUỘC KIỂM TRA"),
        *(_notice_blocks(followup) or [Paragraph("Không có thông báo kết luận nào có yêu cầu đang theo dõi.")]),
        Heading("III. CÁC ĐƠN VỊ CHẬM THỰC HIỆN"),
        Table(["STT", "Tổ chức", *TALLY_HEADERS, "Tỷ lệ hoàn thành"],
              [[index, name, *tally.row(), percent(tally.completion)]
               for index, (name, tally) in enumerate(behind, 1)])
        if behind else Paragraph("Các đơn vị đã hoàn thành toàn bộ yêu cầu khắc phục." if total.total
                                 else NO_REQUIREMENTS),
        Heading("IV. CÁC YÊU CẦU ĐÃ QUÁ HẠN"),
        Table(["STT", "Tổ chức", "Nội dung yêu cầu", "Thời hạn", "Số ngày quá hạn", "Trạng thái"],
              [[index, *row] for index, row in enumerate(overdue, 1)])
        if overdue else Paragraph("Không có yêu cầu nào quá hạn."),
    ]
    if total.overdue:
        blocks.append(Paragraph(
            "Ban Tổ chức Thành ủy đề nghị các cấp ủy có yêu cầu quá hạn khẩn trương khắc phục, báo cáo kết quả "
            "hoặc đề nghị gia hạn có lý do; tiếp tục theo dõi, đôn đốc việc thực hiện kết luận kiểm tra."))
    blocks.append(Paragraph(SPREADSHEET_NOTE, italic=True))
    document = board_document(
        report=report,
        type_code="BC", doc_type_title="BÁO CÁO",
        subject=f"Theo dõi thực hiện kết luận kiểm tra {period.label} – {scope.name}",
        blocks=blocks,
        recipients=["Thường trực Thành ủy (để báo cáo),", "Ban Thường vụ Thành ủy (để báo cáo),",
                    f"{scope.name},", "Lưu Văn phòng Ban."],
    )
    per_notice = [
        [followup.notices[conclusion_id], name, *tally.row()]
        for conclusion_id, organizations in followup.per_notice_org.items()
        for name, tally in organizations.values()
    ]
    ranked = sorted(followup.per_org.values(), key=lambda item: (item[1].behind_key(), item[0]))
    sheets = {
        "Tổng hợp": (["Tình hình thực hiện", "Số yêu cầu"], list(zip(TALLY_HEADERS, total.row(), strict=True))),
        "Theo cuộc kiểm tra": (["Cuộc kiểm tra, thông báo kết luận", "Tổ chức được kiểm tra", *TALLY_HEADERS],
                               per_notice),
        "Theo tổ chức": (["Tổ chức", *TALLY_HEADERS, "Tổng số ngày quá hạn", "Tỷ lệ hoàn thành (%)"],
                         [[name, *tally.row(), tally.days_overdue, tally.completion] for name, tally in ranked]),
        "Yêu cầu khắc phục": (REQUIREMENT_HEADERS,
                              (requirement_row(index, state)
                               for index, state in enumerate(followup_states(report), 1))),
    }
    progress(100)
    return BuiltReport(party_document=document, sheets=sheets)


register(
    REMEDIATION_FOLLOWUP, _("Theo dõi thực hiện kết luận kiểm tra"), build, ("docx", "pdf", "xlsx"),
    period_type=PeriodType.MONTH,
    description=_("Từng yêu cầu khắc phục với thời hạn, trạng thái, tiến độ báo cáo gần nhất và số ngày quá hạn "
                  "tại thời điểm cuối kỳ, theo cuộc kiểm tra và theo tổ chức; các đơn vị chậm thực hiện."),
)

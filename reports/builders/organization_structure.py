"""Cơ cấu tổ chức: how many party organizations of each level and kind are
active in a subtree at the end of the period, per directly subordinate unit,
with the full list in the spreadsheet. Needs only the organizations app."""
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.formatting import number, text_date
from core.scoping import ancestor_path_at, path_depth
from organizations.choices import GrassrootsType, OrganizationKind, OrganizationLevel
from organizations.models import Organization

from ..choices import PeriodType
from ..kinds import ORGANIZATION_STRUCTURE, BuiltReport, register
from ..rendering import Heading, Paragraph, Table
from .common import board_document

CHUNK = 2000
COUNTED_LEVELS = [OrganizationLevel.GRASSROOTS, OrganizationLevel.PARTIAL, OrganizationLevel.CELL]
ORGANIZATION_HEADERS = [
    "Mã", "Tên tổ chức", "Loại tổ chức", "Cấp", "Loại hình", "Trực thuộc", "Độ sâu", "Hiệu lực từ", "Hiệu lực đến",
]


def _label(choices, value):
    return str(choices(value).label) if value else ""


def _organization_rows(queryset):
    rows = queryset.order_by("path").values_list(
        "code", "name", "kind", "level", "grassroots_type", "parent__name", "depth", "valid_from", "valid_to",
    )
    for code, name, kind, level, gtype, parent, depth, valid_from, valid_to in rows.iterator(chunk_size=CHUNK):
        yield [
            code, name, _label(OrganizationKind, kind), _label(OrganizationLevel, level),
            _label(GrassrootsType, gtype), parent or "", depth, valid_from, valid_to,
        ]


def _per_child(scope, queryset, total, progress):
    """Counts per level in each directly subordinate unit's subtree, from one
    streamed pass over the paths (memory bounded by the number of children)."""
    child_depth = path_depth(scope.path) + 1
    counts = defaultdict(Counter)
    for index, (path, level) in enumerate(queryset.values_list("path", "level").iterator(chunk_size=CHUNK), 1):
        child = ancestor_path_at(path, child_depth)
        if child is not None:
            counts[child][level] += 1
        if index % CHUNK == 0:
            progress(20 + 70 * index // max(total, 1))
    return counts


def build(report, progress):
    scope, as_of = report.scope, report.period_end
    queryset = Organization.objects.within(scope).active_on(as_of)
    progress(5)
    by_kind = list(queryset.values("level", "kind").annotate(n=Count("pk")).order_by("level", "kind"))
    total = sum(row["n"] for row in by_kind)
    progress(20)
    counts = _per_child(scope, queryset, total, progress)
    children = Organization.objects.filter(parent=scope).active_on(as_of).order_by("path")
    child_rows = []
    for index, child in enumerate(children, 1):
        numbers = [counts[child.path][level] for level in COUNTED_LEVELS]
        child_rows.append([index, child.name, *numbers, sum(counts[child.path].values())])
    kind_rows = [
        [index, _label(OrganizationLevel, row["level"]), _label(OrganizationKind, row["kind"]), row["n"]]
        for index, row in enumerate(by_kind, 1)
    ]
    as_of_text = text_date(as_of)
    level_labels = [str(level.label) for level in COUNTED_LEVELS]
    document = board_document(
        report=report,
        type_code="BC",
        doc_type_title="BÁO CÁO",
        subject=f"Cơ cấu tổ chức đảng thuộc {scope.name} (tính đến ngày {as_of_text})",
        blocks=[
            Heading("I. SỐ LƯỢNG TỔ CHỨC ĐẢNG"),
            Paragraph(
                f"Tính đến ngày {as_of_text}, {scope.name} và các tổ chức đảng trực thuộc có tổng cộng "
                f"{number(total)} tổ chức đảng đang hoạt động, phân theo cấp và loại tổ chức như sau:"
            ),
            Table(["STT", "Cấp", "Loại tổ chức", "Số lượng"], kind_rows),
            Heading("II. THEO ĐƠN VỊ TRỰC THUỘC"),
            Table(["STT", "Đơn vị", *level_labels, "Tổng số"], child_rows)
            if child_rows else Paragraph("Không có đơn vị trực thuộc đang hoạt động."),
            Paragraph("Danh sách chi tiết các tổ chức đảng kèm theo tại tệp Excel của báo cáo này.", italic=True),
        ],
        recipients=["Thường trực Thành ủy (để báo cáo),", f"{scope.name},", "Lưu Văn phòng Ban."],
    )
    sheets = {
        "Tổng hợp": (["STT", "Cấp", "Loại tổ chức", "Số lượng"], kind_rows),
        "Đơn vị trực thuộc": (["STT", "Đơn vị", *level_labels, "Tổng số"], child_rows),
        "Danh sách tổ chức": (ORGANIZATION_HEADERS, _organization_rows(queryset)),
    }
    progress(100)
    return BuiltReport(party_document=document, sheets=sheets)


register(
    ORGANIZATION_STRUCTURE, _("Cơ cấu tổ chức đảng"), build, ("docx", "pdf", "xlsx"),
    period_type=PeriodType.YEAR,
    description=_("Số lượng tổ chức đảng theo cấp, loại và đơn vị trực thuộc; danh sách chi tiết trong tệp Excel."),
)

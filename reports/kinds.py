"""The registry of report kinds.

A kind is a code, a label, a builder and the formats it produces. Builders
live in reports/builders/ and register themselves when the app is ready:

    register("organization_structure", _("Cơ cấu tổ chức"), build, ("docx", "pdf", "xlsx"))

`build(report, progress) -> BuiltReport`; `progress(percent)` may be called
as often as convenient (writes are throttled). Builders must iterate large
querysets with `.iterator(chunk_size=...)` and hand rows to the spreadsheet as
iterables: a city-wide report is never held in memory as a whole.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import ApplicationError

from .choices import PeriodType, ReportFormat
from .rendering import PartyDocument

# Kinds the schedules refer to (registered by reports/builders/, the inspection ones read the inspection app).
OVERDUE_DIGEST = "overdue_digest"
REMEDIATION_FOLLOWUP = "remediation_followup"
PROGRAM_PROGRESS = "program_progress"
ANNUAL_SUMMARY = "annual_summary"
ORGANIZATION_STRUCTURE = "organization_structure"


@dataclass
class BuiltReport:
    """What a builder returns: the party document (for DOCX and PDF) and the
    sheets {title: (headers, rows iterable)} for XLSX."""

    party_document: PartyDocument | None = None
    sheets: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: str
    builder: Callable
    default_formats: tuple = (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX)
    period_type: str = PeriodType.MONTH
    description: str = ""

    def __str__(self):
        return str(self.label)


_REGISTRY: dict[str, ReportKind] = {}


def register(code, label, builder, default_formats=None, *, period_type=PeriodType.MONTH, description=""):
    formats = tuple(ReportFormat(f) for f in (default_formats or ReportKind.default_formats))
    kind = ReportKind(code, label, builder, formats, PeriodType(period_type), description)
    _REGISTRY[code] = kind
    return kind


def unregister(code):
    _REGISTRY.pop(code, None)


def get_kind(code) -> ReportKind:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise ApplicationError(
            _("Loại báo cáo “%(kind)s” chưa được hỗ trợ.") % {"kind": code},
            code="unknown_kind", fields={"kind": [_("Chọn một loại báo cáo có trong danh sách.")]},
        ) from None


def is_registered(code) -> bool:
    return code in _REGISTRY


def all_kinds() -> list[ReportKind]:
    return list(_REGISTRY.values())


def kind_choices():
    """Choices of Report.kind (a callable, so registering a kind needs no migration)."""
    return [(kind.code, kind.label) for kind in _REGISTRY.values()]

"""The conclusion notice (THÔNG BÁO KẾT LUẬN), ready for signature.

`conclusion_notice_document` lays the notice out from plain data;
`conclusion_notice_for` reads a Conclusion, its inspection's findings and its
requirements (only those in the reader's scope: a joint notice shown to Củ
Chi shows Củ Chi's part) and fills it. The renderers give the DOCX and PDF."""
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from core.concern import hidden_names, redact, redacted_object
from core.formatting import text_date
from inspection.choices import FindingKind
from inspection.models import Conclusion, ConclusionSection, Finding, InspectionTarget, RemediationRequirement

from ..rendering import Heading, Paragraph, PartyDocument, Signature, Table
from .common import BLANK_NUMBER
from .naming import document_citation, standing_board

TITLE = "THÔNG BÁO KẾT LUẬN"
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
DEFAULT_AUTHORITY_LINE = "T/M BAN THƯỜNG VỤ"


@dataclass(frozen=True)
class RequirementLine:
    organization: str
    text: str
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class TopicPoints:
    """The points of one inspection topic, e.g. "Chất lượng sinh hoạt chi bộ"."""

    topic: str
    points: list[str] = field(default_factory=list)


def _points(items):
    blocks = []
    for item in items:
        if isinstance(item, TopicPoints):
            blocks += [Heading(item.topic, level=2), *(Paragraph(f"- {text}") for text in item.points)]
        else:
            blocks.append(Paragraph(item))
    return blocks


def conclusion_notice_document(
    *, issuer_lines: list[str], number: str, date: datetime.date, subject: str, intro: str | list[str] = "",
    strengths: list = (), limitations: list = (), sections: list[tuple[str, str]] = (),
    requirements: list[RequirementLine] = (), signature: Signature, recipients: list[str],
) -> PartyDocument:
    """`strengths` and `limitations`: texts, or TopicPoints grouping them by topic;
    `sections`: (organization, what the notice concludes about it)."""
    intro = [intro] if isinstance(intro, str) else list(intro)
    blocks = [Paragraph(text) for text in intro if text]
    parts = []
    if strengths:
        parts.append(("ƯU ĐIỂM", _points(strengths)))
    if limitations:
        parts.append(("HẠN CHẾ, KHUYẾT ĐIỂM", _points(limitations)))
    if sections:
        parts.append(("KẾT LUẬN ĐỐI VỚI TỪNG ĐƠN VỊ", [
            block for organization, text in sections for block in (Heading(organization, level=2), Paragraph(text))]))
    if requirements:
        parts.append(("YÊU CẦU KHẮC PHỤC", [Table(
            ["STT", "Đơn vị thực hiện", "Nội dung yêu cầu", "Thời hạn"],
            [[index, line.organization, line.text, line.deadline] for index, line in enumerate(requirements, 1)],
        )]))
    for numeral, (title, part_blocks) in zip(ROMAN, parts, strict=False):
        blocks += [Heading(f"{numeral}. {title}"), *part_blocks]
    return PartyDocument(
        issuer_lines=list(issuer_lines), number=number, date=date, doc_type_title=TITLE, subject=subject,
        blocks=blocks, signature=signature, recipients=list(recipients),
    )


# --- from the records ------------------------------------------------------------------
def _issuer_lines(authority):
    """HD 36: the issuing committee, under the name of the committee above it when there is one."""
    lines = [authority.name.upper()]
    return [authority.parent.name.upper(), *lines] if authority.parent_id else lines


def _what(inspection):
    """"kiểm tra việc ..." from the title "Kiểm tra việc ...", whatever its first word."""
    title = inspection.title.strip()
    what = f"{title[0].lower()}{title[1:]}"
    return what if what.startswith(("kiểm tra", "giám sát")) else f"kiểm tra {what}"


def _grouped(rows, all_names):
    """[(topic, text, organization)] → TopicPoints; a point found in only some of
    the organizations names them."""
    topics = {}
    for topic, text, organization in rows:
        topics.setdefault(topic, {}).setdefault(text, []).append(organization)
    grouped = []
    for topic, texts in topics.items():
        points = []
        for text, names in texts.items():
            names = list(dict.fromkeys(names))
            points.append(text if len(all_names) < 2 or set(names) >= set(all_names)
                          else f"{text.rstrip('.')} ({', '.join(names)}).")
        grouped.append(TopicPoints(topic, points))
    return grouped


def _requirement_lines(requirements, all_names):
    merged = {}
    for requirement in requirements:
        key = (requirement.text, requirement.original_deadline)
        merged.setdefault(key, []).append(requirement.responsible_organization.name)
    lines = []
    for (text, deadline), names in merged.items():
        names = list(dict.fromkeys(names))
        who = "Các đơn vị được kiểm tra" if len(all_names) > 1 and set(names) >= set(all_names) else ", ".join(names)
        lines.append(RequirementLine(who, text, deadline))
    return lines


def _within(queryset, user):
    return queryset.for_user(user)


def _period(inspection):
    if not inspection.actual_start:
        return ""
    if inspection.actual_end:
        return f"từ ngày {text_date(inspection.actual_start)} đến ngày {text_date(inspection.actual_end)}"
    return f"từ ngày {text_date(inspection.actual_start)}"


def _basis(inspection, authority):
    """"Thực hiện Chương trình kiểm tra, giám sát năm 2019 của Ban Thường vụ Thành ủy (theo Thông báo kết luận
    số 3150-TB/TU ...) và Quyết định số ... của ..."; each part only when recorded."""
    grounds = []
    program = inspection.program_item.program if inspection.program_item_id else None
    if program is not None:
        ground = (f"Chương trình kiểm tra, giám sát năm {program.year} của "
                  f"{standing_board(program.authority, own=program.authority_id == authority.pk)}")
        basis = program.basis_document
        if basis is not None:  # its issuer is most often the program's: not named twice
            ground += f" (theo {document_citation(basis, name_issuer=basis.issuer_id != program.authority_id)})"
        grounds.append(ground)
    elif inspection.plan_document_id:
        grounds.append(document_citation(inspection.plan_document, authority=authority))
    if inspection.decision_document_id:
        grounds.append(document_citation(inspection.decision_document, authority=authority))
    return f"Thực hiện {' và '.join(grounds)}" if grounds else ""


def opening(inspection, authority, targets) -> list[str]:
    """The two opening paragraphs: what was inspected on what basis, and who concludes."""
    subjects = ", ".join(standing_board(target.organization) for target in targets) or "các đơn vị"
    lead = ", ".join(part for part in (_basis(inspection, authority), _period(inspection)) if part)
    action = (f"Đoàn kiểm tra của {inspection.conducted_by.name} đã tiến hành {_what(inspection)} "
              f"đối với {subjects}.")
    first = f"{lead}, {action}" if lead else action  # "Đoàn kiểm tra" keeps its capital
    return [first, f"Xét báo cáo kết quả kiểm tra của Đoàn kiểm tra, {standing_board(authority, own=True)} "
                   f"kết luận như sau:"]


def signature(conclusion) -> Signature:
    """T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ THƯỜNG TRỰC / name: the conclusion's signer, else its document's."""
    document = conclusion.document
    on_behalf = conclusion.signer_on_behalf or (document.signer_title if document else "") or DEFAULT_AUTHORITY_LINE
    name = conclusion.signer_name or (document.signer_name if document else "")
    return Signature(on_behalf, conclusion.signer_position, name)


def conclusion_notice_for(*, conclusion: Conclusion, user) -> PartyDocument:
    """The notice of `conclusion` as `user` may read it (everything when `user` is None)."""
    # A reader of one unit reads its part: other units' names are hidden in the free text too (core.concern).
    hidden = hidden_names(user) if user is not None else ()
    inspection = redacted_object(conclusion.inspection, ("title",), hidden)
    authority, document = inspection.authority, conclusion.document
    targets = list(_within(InspectionTarget.objects, user).filter(inspection=inspection)
                   .select_related("organization").order_by("organization__path"))
    names = [target.organization.name for target in targets]
    findings = _within(Finding.objects, user).filter(inspection=inspection).select_related(
        "organization", "topic").order_by("topic__order", "topic__code", "pk")
    rows = {FindingKind.STRENGTH: [], FindingKind.LIMITATION: []}
    for finding in findings:
        rows[finding.kind].append((finding.topic.name, finding.text, finding.organization.name))
    requirements = _within(RemediationRequirement.objects, user).filter(conclusion=conclusion).select_related(
        "responsible_organization").order_by("original_deadline", "pk")
    sections = _within(ConclusionSection.objects, user).filter(conclusion=conclusion).select_related(
        "organization").order_by("organization__path")
    intro = [*opening(inspection, authority, targets), redact(conclusion.summary, hidden)]
    if conclusion.corrects_id:
        intro.insert(0, f"Thông báo này đính chính Thông báo kết luận số {conclusion.corrects}.")
    blank = f"{BLANK_NUMBER}-TB/{authority.issuer_code}" if authority.issuer_code else f"{BLANK_NUMBER}-TB"
    number = document.number_display if document else blank
    return conclusion_notice_document(
        issuer_lines=_issuer_lines(authority), number=number,
        date=document.issued_on if document else timezone.localdate(),
        subject=f"Kết quả {_what(inspection)}", intro=intro,
        strengths=_grouped(rows[FindingKind.STRENGTH], names),
        limitations=_grouped(rows[FindingKind.LIMITATION], names),
        sections=[(section.organization.name, section.text) for section in sections],
        requirements=_requirement_lines(requirements, names),
        signature=signature(conclusion),
        recipients=[*(f"{standing_board(target.organization)}," for target in targets),
                    f"{inspection.conducted_by.name},", f"Lưu Văn phòng {authority.name}."],
    )

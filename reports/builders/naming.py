"""How a party document names the bodies it speaks of.

A committee concludes, decides and is inspected through its standing board:
the seed writes "Ban Thường vụ Thành ủy kết luận" and "kiểm tra đối với Ban
Thường vụ Quận ủy Quận 3". Inside the committee's own document it calls itself
by its kind alone ("Ban Thường vụ Thành ủy", "Ban Thường vụ Quận ủy"); other
committees go by their full name."""
from django.utils import translation

from core.formatting import text_date
from inspection.choices import DocumentType
from organizations.choices import OrganizationKind

K = OrganizationKind
# Committees that work through a standing board (Ban Thường vụ), and the word the committee calls itself by.
STANDING_BOARD_SELF_NAME = {
    K.CITY_COMMITTEE: "Thành ủy",
    K.URBAN_DISTRICT: "Quận ủy",
    K.RURAL_DISTRICT: "Huyện ủy",
    K.BLOC: "Đảng ủy Khối",
    K.CORPORATION: "Đảng ủy",
}


def has_standing_board(organization) -> bool:
    return organization.kind in STANDING_BOARD_SELF_NAME


def standing_board(organization, *, own: bool = False) -> str:
    """"Ban Thường vụ Quận ủy Quận 3"; with `own` (the issuer naming itself) "Ban Thường vụ Quận ủy".
    A body without a standing board (an advisory board, a cell) is named as it is."""
    if not has_standing_board(organization):
        return organization.name
    return f"Ban Thường vụ {STANDING_BOARD_SELF_NAME[organization.kind] if own else organization.name}"


def document_citation(document, *, authority=None, name_issuer: bool = True) -> str:
    """"Quyết định số 05-QĐ/BTCTU ngày 22/4/2019 của Ban Tổ chức Thành ủy": type, number, date, issuer
    (a committee through its standing board; `authority` is the one writing, who names itself short)."""
    with translation.override("vi"):  # documents are written in Vietnamese whatever the reader's language
        kind = str(DocumentType(document.doc_type).label)
    if document.doc_type == DocumentType.TB and document.subject.lower().startswith("thông báo kết luận"):
        kind = "Thông báo kết luận"  # as the seed cites 3150-TB/TU
    text = f"{kind} số {document.number_display} ngày {text_date(document.issued_on)}"
    issuer = document.issuer
    if issuer is not None and name_issuer:
        own = authority is not None and issuer.pk == authority.pk
        text += f" của {standing_board(issuer, own=own)}"
    return text

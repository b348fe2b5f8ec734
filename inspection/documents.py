"""Party document numbers: `{số}-{loại}/{cơ quan ban hành}`, e.g. 3150-TB/TU
(HD 36-HD/VPTW), parsed and rendered both ways; the next free number."""
import re

from django.db.models import Max
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from .choices import DocumentType
from .models import Document
from .models.documents import format_party_number

_PARTY_NUMBER = re.compile(r"^\s*(?:số\s*)?(\d{1,6})\s*-\s*([A-Za-zĐđ]{2,4})\s*/\s*([A-Za-zĐđ0-9]{2,20})\s*$",
                           re.IGNORECASE)
_TYPES = {value.casefold(): value for value in DocumentType.values}

EXPECTED_FORM = "{số}-{loại văn bản}/{cơ quan ban hành}"


def parse_party_number(text):
    """'3150-TB/TU' → (3150, 'TB', 'TU'). The state style ('3150/TB-TU',
    '01/QĐ-UBND') and other shapes get a message that shows the expected form."""
    match = _PARTY_NUMBER.match(text or "")
    if not match:
        raise ApplicationError(
            _("Số văn bản «%(text)s» không đúng dạng số văn bản của Đảng. Dạng đúng: %(form)s, "
              "ví dụ 3150-TB/TU hoặc 35-CT/TW (không viết theo kiểu văn bản nhà nước như 01/QĐ-UBND).")
            % {"text": text, "form": EXPECTED_FORM},
            code="invalid_party_number",
            fields={"party_number": [_("Dạng đúng: %(form)s, ví dụ 3150-TB/TU.") % {"form": EXPECTED_FORM}]},
        )
    number, type_code, issuer_code = match.groups()
    if int(number) < 1:
        raise ApplicationError(
            _("Số văn bản «%(text)s» không hợp lệ: số thứ tự bắt đầu từ 01. Dạng đúng: %(form)s, ví dụ 3150-TB/TU.")
            % {"text": text, "form": EXPECTED_FORM},
            code="invalid_party_number",
            fields={"party_number": [_("Số thứ tự phải từ 01 trở lên, ví dụ 3150-TB/TU.")]},
        )
    doc_type = _TYPES.get(type_code.casefold())
    if doc_type is None:
        raise ApplicationError(
            _("Loại văn bản «%(code)s» không có trong danh mục (%(known)s).")
            % {"code": type_code, "known": ", ".join(DocumentType.values)},
            code="invalid_party_number",
            fields={"party_number": [_("Loại văn bản không hợp lệ.")]},
        )
    issuer_code = issuer_code.upper()
    return int(number), doc_type, issuer_code


def render_party_number(number, doc_type, issuer_code):
    return format_party_number(number, doc_type, issuer_code)


def document_next_number(*, issuer_code, doc_type, term, issuer=None):
    """The next free number: numbers run from 01 per issuer, type and term.
    With `issuer` the count is that organization's (several bodies share the
    code ĐU); without it, the code's (outside bodies such as TW)."""
    documents = Document.objects.filter(doc_type=doc_type, term=term)
    documents = documents.filter(issuer=issuer) if issuer is not None else documents.filter(issuer_code=issuer_code)
    return (documents.aggregate(top=Max("number"))["top"] or 0) + 1

"""Party documents and their files."""
import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core import natural_keys
from core.errors import ApplicationError
from core.services import (
    model_perm,
    protected_delete,
    require_change,
    require_organization,
    set_fields,
    stored_user,
    validated_save,
)
from organizations.models import Organization, Term

from ..choices import Confidentiality
from ..documents import document_next_number, parse_party_number
from ..models import Document, DocumentFile

DOCUMENT_FIELDS = ("issuer", "issuer_code", "doc_type", "number", "term", "issued_on", "subject", "signer_name",
                   "signer_title", "confidentiality", "notes")


def _apply_party_number(document, party_number):
    number, doc_type, issuer_code = parse_party_number(party_number)
    if document.issuer_id and document.issuer.issuer_code and document.issuer.issuer_code != issuer_code:
        raise ApplicationError(
            _("Số %(text)s mang ký hiệu %(code)s nhưng cơ quan ban hành %(issuer)s có ký hiệu %(expected)s.")
            % {"text": party_number, "code": issuer_code, "issuer": document.issuer,
               "expected": document.issuer.issuer_code},
            code="invalid_party_number", fields={"party_number": [_("Ký hiệu cơ quan ban hành không khớp.")]},
        )
    document.number, document.doc_type, document.issuer_code = number, doc_type, issuer_code


def _complete_and_check(document):
    if document.issuer_id and not document.issuer_code:
        document.issuer_code = document.issuer.issuer_code
    if not document.issuer_code:
        raise ApplicationError(_("Chọn cơ quan ban hành hoặc nhập ký hiệu cơ quan ban hành (ví dụ TW)."),
                               fields={"issuer_code": [_("Bắt buộc.")]})
    if document.term_id is None:
        term = Term.objects.for_date(document.issued_on) if document.issued_on else None
        if term is None:
            raise ApplicationError(_("Không có nhiệm kỳ nào chứa ngày ban hành; hãy chọn nhiệm kỳ."),
                                   fields={"term": [_("Bắt buộc.")]})
        document.term = term
    if not document.doc_type:
        raise ApplicationError(_("Chọn loại văn bản."), fields={"doc_type": [_("Bắt buộc.")]})
    next_number = document_next_number(issuer_code=document.issuer_code, doc_type=document.doc_type,
                                       term=document.term, issuer=document.issuer)
    if document.number is None:
        document.number = next_number
        return
    if document.number < 1:
        raise ApplicationError(
            _("Số văn bản phải từ 01 trở lên (số trống tiếp theo là %(next)s).") % {"next": next_number},
            code="invalid_party_number", fields={"number": [_("Số thứ tự phải từ 01 trở lên.")]},
        )
    clash = Document.objects.filter(doc_type=document.doc_type, term=document.term, number=document.number)
    clash = clash.filter(issuer=document.issuer) if document.issuer_id else clash.filter(
        issuer__isnull=True, issuer_code=document.issuer_code)
    existing = clash.exclude(pk=document.pk).values_list("pk", flat=True).first()
    if existing is not None:
        raise natural_keys.duplicate_error(
            document, existing, _("Số %(number)s nhiệm kỳ %(term)s đã được dùng; số trống tiếp theo là %(next)s.")
            % {"number": document.number_display, "term": document.term, "next": next_number})


@transaction.atomic
def document_create(
    *, user, issued_on: datetime.date, subject: str, doc_type: str = "", issuer: Organization | None = None,
    issuer_code: str = "", number: int | None = None, term: Term | None = None, party_number: str = "",
    signer_name: str = "", signer_title: str = "", confidentiality: str = Confidentiality.NORMAL,
    bases=(), notes: str = "", files=(),
) -> Document:
    """Create a document. `party_number` ("3150-TB/TU") may stand for number, type
    and issuer code; without a number the next free one is taken."""
    if issuer is not None:
        require_organization(user, issuer, "issuer")
    document = Document(issuer=issuer, issuer_code=issuer_code, doc_type=doc_type, number=number, term=term,
                        issued_on=issued_on, subject=subject, signer_name=signer_name, signer_title=signer_title,
                        confidentiality=confidentiality, notes=notes)
    if party_number:
        _apply_party_number(document, party_number)
    _complete_and_check(document)
    validated_save(document)
    if bases:
        document.bases.set(bases)
    for upload in files:
        document_add_file(user=user, document=document, file=upload)
    return document


@transaction.atomic
def document_update(*, user, document: Document, party_number: str = "", bases=None, **fields) -> Document:
    require_change(user, document)
    if "issuer" in fields and fields["issuer"] is not None:
        require_organization(user, fields["issuer"], "issuer")
    set_fields(document, fields, DOCUMENT_FIELDS)
    if party_number:
        _apply_party_number(document, party_number)
    _complete_and_check(document)
    validated_save(document)
    if bases is not None:
        document.bases.set(bases)
    return document


@transaction.atomic
def document_delete(*, user, document: Document):
    require_change(user, document, model_perm(Document, "delete"))
    protected_delete(document)


@transaction.atomic
def document_add_file(*, user, document: Document, file) -> DocumentFile:
    require_change(user, document)
    return validated_save(DocumentFile(document=document, file=file, uploaded_by=stored_user(user)))

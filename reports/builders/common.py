"""What every report the Board issues shares: the issuer block, the signature
and the routing. A draft carries a blank number, filled in when signed."""
from django.conf import settings
from django.utils import timezone

from ..rendering import PartyDocument, Signature

BOARD_ISSUER_LINES = ["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "BAN TỔ CHỨC"]
BOARD_ISSUER_CODE = "BTCTU"
BLANK_NUMBER = "\u00a0" * 6


def board_document(*, type_code: str, doc_type_title: str, subject: str, blocks, recipients, signature=None,
                   report=None):
    """Dated with the report's issue date (Report.issued_on), today without a report."""
    return PartyDocument(
        issuer_lines=list(getattr(settings, "REPORTS_ISSUER_LINES", BOARD_ISSUER_LINES)),
        number=f"{BLANK_NUMBER}-{type_code}/{getattr(settings, 'REPORTS_ISSUER_CODE', BOARD_ISSUER_CODE)}",
        date=getattr(report, "issued_on", None) or timezone.localdate(),
        doc_type_title=doc_type_title,
        subject=subject,
        blocks=list(blocks),
        signature=signature or Signature("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
        recipients=list(recipients),
    )

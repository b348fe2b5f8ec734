"""Every state change of the inspection app, shared by the API, the admin,
the HTML pages and the tasks (HackSoft style: `<entity>_<action>(*, ...)`)."""
from .conclusions import conclusion_correct, conclusion_create, conclusion_delete, conclusion_issue, conclusion_update
from .documents import document_add_file, document_create, document_delete, document_update
from .findings import (
    finding_add_attachment,
    finding_add_evidence,
    finding_create,
    finding_delete,
    finding_update,
    findings_import,
    tags_from,
)
from .inspections import (
    INSPECTION_STEPS,
    TRANSITIONS,
    inspection_cancel,
    inspection_close,
    inspection_conclude,
    inspection_create,
    inspection_decide,
    inspection_delete,
    inspection_follow_up,
    inspection_report,
    inspection_start,
    inspection_update,
    self_report_receive,
)
from .programs import (
    program_create,
    program_delete,
    program_item_create,
    program_item_delete,
    program_item_update,
    program_update,
)
from .remediation import (
    extension_decide,
    extension_request,
    progress_report_submit,
    refresh_overdue_of,
    requirement_create,
    requirement_delete,
    requirement_reopen,
    requirement_update,
    requirement_verify,
    requirements_refresh_overdue,
)

__all__ = [
    "INSPECTION_STEPS", "TRANSITIONS", "conclusion_correct", "conclusion_create", "conclusion_delete",
    "conclusion_issue", "conclusion_update", "document_add_file", "document_create", "document_delete",
    "document_update", "extension_decide", "extension_request", "finding_add_attachment", "finding_add_evidence",
    "finding_create", "finding_delete", "finding_update", "findings_import", "inspection_cancel", "inspection_close",
    "inspection_conclude", "inspection_create", "inspection_decide", "inspection_delete", "inspection_follow_up",
    "inspection_report", "inspection_start", "inspection_update", "program_create", "program_delete",
    "program_item_create", "program_item_delete", "program_item_update", "program_update",
    "progress_report_submit", "refresh_overdue_of", "requirement_create", "requirement_delete",
    "requirement_reopen", "requirement_update", "requirement_verify", "requirements_refresh_overdue",
    "self_report_receive", "tags_from",
]

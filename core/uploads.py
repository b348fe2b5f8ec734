"""Uploaded files: type and size limits, checked on the extension AND on the
content (magic bytes, and the member an Office file must hold), and a SHA-256
of the content kept with the file. One check for every FileField that takes
uploads: attachments, documents, self-inspection reports, meeting minutes."""
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

# extension -> (content type, magic prefix, member a valid Office file must contain)
ALLOWED_UPLOADS = {
    "pdf": ("application/pdf", b"%PDF-", None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04",
             "word/document.xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04", "xl/workbook.xml"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff", None),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff", None),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n", None),
}


@dataclass(frozen=True)
class UploadInfo:
    name: str
    size: int
    sha256: str
    content_type: str


def _read_all(upload):
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def _human_size(size):
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def _check_size(name, size):
    limit = settings.MAX_UPLOAD_SIZE
    if size is not None and size > limit:
        raise ValidationError(
            _("Tệp «%(name)s» dung lượng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": name, "size": _human_size(size), "limit": _human_size(limit)},
            code="file_size",
        )


def validate_upload(upload) -> UploadInfo:
    """Return the file's size, hash and content type, or raise ValidationError
    with a message that says what is accepted."""
    name = Path(getattr(upload, "name", "") or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted({ext.upper() for ext in ALLOWED_UPLOADS} - {"JPEG"}))
    if extension not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("Tệp «%(name)s» không được chấp nhận: chỉ nhận các loại %(allowed)s.")
            % {"name": name, "allowed": allowed},
            code="file_type",
        )
    _check_size(name, getattr(upload, "size", None))  # the declared size, before reading anything
    data = _read_all(upload)
    _check_size(name, len(data))
    content_type, magic, member = ALLOWED_UPLOADS[extension]
    if not data.startswith(magic) or (member and not _zip_has(data, member)):
        raise ValidationError(
            _("Nội dung tệp «%(name)s» không phải là tệp %(ext)s hợp lệ (đuôi tệp không khớp với nội dung).")
            % {"name": name, "ext": extension.upper()},
            code="file_content",
        )
    return UploadInfo(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), content_type=content_type)


def _zip_has(data, member):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def validate_new_upload(value):
    """Field validator: check a file that has just arrived; a file already in
    storage was checked when it came and is not read again on every save."""
    if not value or getattr(value, "_committed", False):
        return
    validate_upload(value)


def largest_upload():
    """The largest file any form or endpoint accepts (attachments, imports)."""
    return max(settings.MAX_UPLOAD_SIZE, settings.MAX_IMPORT_SIZE)


class UploadTooLarge(SuspiciousOperation):
    def __init__(self, name, limit):
        self.name, self.limit = name, limit
        super().__init__(_("Tệp «%(name)s» vượt giới hạn %(limit)s; không nhận tiếp.")
                         % {"name": name, "limit": _human_size(limit)})


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: under /api/ a file larger than the largest
    accepted upload stops the request while it streams (413 in the JSON error
    shape, core/api.py), before it fills a temporary file. Pages receive the
    file and show the size message on the form (validate_upload)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.active = request is not None and request.path.startswith("/api/")
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        if self.active:
            self.received += len(raw_data)
            if self.received > largest_upload():
                raise UploadTooLarge(self.file_name, largest_upload())
        return raw_data

    def file_complete(self, file_size):
        return None

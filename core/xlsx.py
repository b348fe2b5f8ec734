"""XLSX uploads opened within bounds, so that a small file cannot hold a web
worker: the file size (MAX_IMPORT_SIZE), then the zip's entry count
(MAX_IMPORT_ENTRIES) and declared uncompressed size (MAX_IMPORT_UNCOMPRESSED_SIZE)
before openpyxl reads a byte of XML, then the data rows (MAX_IMPORT_ROWS),
counted while streaming in read-only mode. zipfile never inflates an entry past
its declared size, so the declared sizes bound the work."""
import os
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .errors import ApplicationError

# Columns read per row: the import sheets have a dozen; a row claiming cell XFD1 is not read that far.
MAX_COLUMNS = 50


def _mb(size):
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"


def _too_large(message):
    return ApplicationError(message, code="import_too_large", fields={"file": [message]}, status=413)


def upload_size(file):
    """The size in bytes of an upload, a stream or an open file (None if unknown)."""
    size = getattr(file, "size", None)
    if size is not None:
        return size
    try:
        return os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        pass
    try:
        position = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(position)
        return size
    except (AttributeError, OSError, ValueError):
        return None


def check_upload_size(file):
    limit = settings.MAX_IMPORT_SIZE
    size = upload_size(file)
    if size is not None and size > limit:
        raise _too_large(_("Tệp dung lượng %(size)s, vượt giới hạn %(limit)s của một lần nhập; hãy chia thành "
                           "nhiều tệp.") % {"size": _mb(size), "limit": _mb(limit)})


def check_archive(file):
    """Refuse, before parsing, an archive with too many entries or one that expands too far."""
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ApplicationError(_("Tệp không đúng định dạng Excel (.xlsx)."), code="bad_file") from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if len(entries) > settings.MAX_IMPORT_ENTRIES:
        raise _too_large(_("Tệp Excel có %(count)s thành phần, vượt giới hạn %(limit)s; hãy lưu lại tệp từ Excel "
                           "hoặc dùng tệp mẫu.") % {"count": len(entries), "limit": settings.MAX_IMPORT_ENTRIES})
    expanded = sum(entry.file_size for entry in entries)
    limit = settings.MAX_IMPORT_UNCOMPRESSED_SIZE
    if expanded > limit:
        raise _too_large(_("Tệp Excel giải nén ra %(size)s dữ liệu, vượt giới hạn %(limit)s (khoảng %(rows)s dòng); "
                           "hãy chia thành nhiều tệp.") % {"size": _mb(expanded), "limit": _mb(limit),
                                                          "rows": settings.MAX_IMPORT_ROWS})


def open_workbook(file):
    """A read-only workbook, after the size and archive checks."""
    check_upload_size(file)
    check_archive(file)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
        raise ApplicationError(_("Tệp không đúng định dạng Excel (.xlsx)."), code="bad_file") from exc


def declared_rows(file, sheet_titles):
    """The data rows the named sheets declare (their `<dimension>`, read without
    parsing the rows); 0 for a sheet that declares none. Only an estimate: the
    reading itself counts the real rows (RowBudget)."""
    workbook = open_workbook(file)
    try:
        total = 0
        for title in sheet_titles:
            if title in workbook.sheetnames:
                total += max((workbook[title].max_row or 1) - 1, 0)
        return total
    finally:
        workbook.close()
        if hasattr(file, "seek"):
            file.seek(0)


class RowBudget:
    """The data rows one import may read, across its sheets; `tick(rows)` (if
    given) hears of every data row read, for a progress record."""

    def __init__(self, limit=None, tick=None):
        self.limit = settings.MAX_IMPORT_ROWS if limit is None else limit
        self.used = 0
        self.tick = tick

    def rows(self, worksheet):
        """The sheet's rows as value tuples (at most MAX_COLUMNS wide); the first
        (the header) is free, every non-empty one after it counts."""
        # The declared dimension may be wrong (too small drops rows silently): read what is there.
        worksheet.reset_dimensions()
        for line, values in enumerate(worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            if line > 1 and any(value not in (None, "") for value in values):
                self.used += 1
                if self.used > self.limit:
                    message = _("Tệp có hơn %(limit)s dòng dữ liệu, vượt giới hạn của một lần nhập; hãy chia thành "
                                "nhiều tệp.") % {"limit": self.limit}
                    raise ApplicationError(message, code="import_too_many_rows", fields={"file": [message]},
                                           status=413)
                if self.tick is not None:
                    self.tick(self.used)
            yield values

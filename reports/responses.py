import logging

from django.http import FileResponse, Http404

from .choices import FORMAT_CONTENT_TYPES

logger = logging.getLogger(__name__)


def file_response(report_file):
    """Stream a stored report file as a download (shared by the API and the pages).
    A file gone from the disk (a restore without MEDIA_ROOT, a manual clean-up)
    is a 404, logged, never a 500: regenerating the report brings it back."""
    try:
        stream = report_file.file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.warning("Report file %s (report %s, %s) is missing from storage", report_file.file.name,
                       report_file.report_id, report_file.format)
        raise Http404("report file missing") from None
    return FileResponse(
        stream, as_attachment=True, filename=report_file.download_name,
        content_type=FORMAT_CONTENT_TYPES[report_file.format],
    )

from django.http import FileResponse

from .choices import FORMAT_CONTENT_TYPES


def file_response(report_file):
    """Stream a stored report file as a download (shared by the API and the pages)."""
    return FileResponse(
        report_file.file.open("rb"), as_attachment=True, filename=report_file.download_name,
        content_type=FORMAT_CONTENT_TYPES[report_file.format],
    )

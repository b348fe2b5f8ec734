"""One door for every stored file: /files/<kind>/<id>/.

MEDIA_ROOT is never served directly (no /media/ route exists). Each kind names
the model that holds the file and the relation whose scope decides who may read
it (the file's own row when that row is organization-bound). A file outside the
reader's scope is a 404, like any other record; a file gone from the disk is a
404 too, logged, never a 500. The answer is an attachment under the file's
original name, Vietnamese included (RFC 5987 `filename*`, through Django's
FileResponse), with the content type checked at upload when there is one."""
import logging
import mimetypes
import posixpath
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)

# Not every system's MIME table knows the office formats the reports are made in.
mimetypes.add_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
mimetypes.add_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")


@dataclass(frozen=True)
class DownloadKind:
    model: str  # app_label.ModelName
    file_field: str = "file"
    through: str = ""  # the relation whose scope decides; "" for the row itself
    reader: str = "for_user"  # the queryset method that says which rows (of `through`) the user reads

    def model_class(self):
        return apps.get_model(self.model)


KINDS = {
    # A joint notice seen through one unit is read in parts, not as the stored file naming every unit.
    "document": DownloadKind("inspection.DocumentFile", through="document", reader="whole_for_user"),
    "finding": DownloadKind("inspection.FindingAttachment", through="finding"),
    "self-report": DownloadKind("inspection.SelfInspectionReport"),
    "progress": DownloadKind("inspection.ProgressAttachment", through="report"),
    "minutes": DownloadKind("organizations.CellMeeting", file_field="minutes_file"),
    "report": DownloadKind("reports.ReportFile"),
}


def kind_of(model):
    for name, kind in KINDS.items():
        if kind.model.lower() == model._meta.label_lower:
            return name
    raise LookupError(f"{model._meta.label} has no download kind")


def download_url(obj, request=None):
    """The download address of `obj`'s file (absolute when a request is given), or None without a file."""
    kind = kind_of(type(obj))
    if not getattr(obj, KINDS[kind].file_field):
        return None
    path = reverse("file-download", kwargs={"kind": kind, "pk": obj.pk})
    return request.build_absolute_uri(path) if request is not None else path


def readable(kind, user):
    """The rows of `kind` whose file `user` may read."""
    model = kind.model_class()
    rows = model._default_manager.all()
    if not kind.through:
        return getattr(rows, kind.reader)(user)
    parent = model._meta.get_field(kind.through).related_model
    readable_parents = getattr(parent._default_manager.all(), kind.reader)(user)
    return rows.filter(**{f"{kind.through}__in": readable_parents.values("pk")})


def download_name(obj, field_file):
    for attribute in ("download_name", "original_name"):
        name = getattr(obj, attribute, "")
        if name:
            return name
    return posixpath.basename(field_file.name)


def _api_user(request):
    """The user of an `Authorization: Token ...` header, as the API reads it (None if it is refused)."""
    drf_request = Request(request, authenticators=[auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES])
    try:
        user = drf_request.user
    except APIException:
        return None
    return user if user.is_authenticated else None


@require_GET
def download(request, kind, pk):
    """A signed-in user (session), or an API client with its key, reads a file inside its scope.
    Without either: a browser is sent to the login page, an API caller gets 401."""
    user = request.user
    if not user.is_authenticated:
        if "HTTP_AUTHORIZATION" not in request.META:
            return redirect_to_login(request.get_full_path())
        user = _api_user(request)
        if user is None:
            response = HttpResponse(status=401)
            response["WWW-Authenticate"] = "Token"
            return response
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    obj = readable(spec, user).filter(pk=pk).first()
    field_file = getattr(obj, spec.file_field, None) if obj is not None else None
    if not field_file:
        raise Http404
    try:
        stream = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.warning("Stored file %s (%s %s) is missing from storage", field_file.name, kind, pk)
        raise Http404 from None
    name = download_name(obj, field_file)
    content_type = getattr(obj, "content_type", "") or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(stream, as_attachment=True, filename=name, content_type=content_type)

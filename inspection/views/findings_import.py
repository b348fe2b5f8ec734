"""The findings import of the workspace: the XLSX template of the inspection,
an upload shown as a preview (each bad row marked with why, nothing saved),
and the confirmation that saves every row or none."""
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.errors import ApplicationError

from .. import findings_import, pages_actions
from .workspace import workspace_inspection, workspace_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "inspection/findings_import.html"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel kết quả kiểm tra (.xlsx)"))


class FindingsTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "inspection.add_finding"

    def get(self, request, pk):
        inspection = workspace_inspection(request.user, pk)
        stream = io.BytesIO()
        findings_import.build_template(inspection, stream)
        response = HttpResponse(stream.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="ket-qua-kiem-tra-{inspection.pk}.xlsx"'
        return response


class FindingsImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST a file: the preview. POST `payload` (from the preview): the save."""

    permission_required = "inspection.add_finding"

    def post(self, request, pk):
        inspection = workspace_inspection(request.user, pk)
        if "payload" in request.POST:
            return self.confirm(request, inspection)
        form = ImportForm(request.POST, request.FILES)
        rows = None
        if form.is_valid():
            try:
                rows = findings_import.read_rows(inspection=inspection, user=request.user,
                                                 file=form.cleaned_data["file"])
            except ApplicationError as exc:
                form.add_error("file", exc.message)
        context = {"inspection": inspection, "form": form, "rows": rows or []}
        if rows is None:
            return render(request, TEMPLATE, context, status=400)
        bad = [row for row in rows if row.errors]
        context.update(bad=bad, payload="" if bad else findings_import.sign_rows(inspection, rows))
        return render(request, TEMPLATE, context, status=200)

    def confirm(self, request, inspection):
        try:
            rows = findings_import.unsign_rows(inspection, request.POST["payload"])
            created = pages_actions.import_findings(actor=request.user, inspection=inspection, rows=rows)
        except ApplicationError as exc:
            return render(request, TEMPLATE, {"inspection": inspection, "form": ImportForm(), "rows": [],
                                              "error": exc.message}, status=exc.status or 400)
        messages.success(request, _("Đã nhập %(n)s kết quả kiểm tra từ tệp Excel.") % {"n": len(created)})
        return redirect(workspace_url(inspection, "findings"))

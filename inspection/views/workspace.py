"""The staff workspace of one inspection (/inspections/<id>/)."""
from core.pages import ScopedDetailView

from .. import selectors


class InspectionWorkspaceView(ScopedDetailView):
    permission_required = "inspection.view_inspection"
    template_name = "inspection/workspace.html"
    context_object_name = "inspection"
    selector = staticmethod(selectors.inspection_list)

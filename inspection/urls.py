from django.urls import path

from .views import lists, reporting, workspace

app_name = "inspection"

urlpatterns = [
    path("inspections/", lists.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/<int:pk>/", workspace.InspectionWorkspaceView.as_view(), name="inspection-detail"),
    path("findings/", lists.FindingListView.as_view(), name="finding-list"),
    path("requirements/", lists.RequirementListView.as_view(), name="requirement-list"),
    path("requirements/<int:pk>/", reporting.RequirementDetailView.as_view(), name="requirement-detail"),
    path("requirements/<int:pk>/report/", reporting.ProgressReportCreateView.as_view(), name="requirement-report"),
    path("requirements/<int:pk>/extension/", reporting.ExtensionRequestView.as_view(),
         name="requirement-extension"),
    path("requirements/attachments/<int:pk>/", reporting.AttachmentDownloadView.as_view(),
         name="progress-attachment"),
    path("documents/", lists.DocumentListView.as_view(), name="document-list"),
    path("programs/", lists.ProgramListView.as_view(), name="program-list"),
]

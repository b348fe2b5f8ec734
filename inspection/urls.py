from django.urls import path

from .views import decisions, editing, findings, findings_import, lists, reporting, wizard, workspace

app_name = "inspection"

urlpatterns = [
    path("inspections/", lists.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/<int:pk>/", workspace.InspectionWorkspaceView.as_view(), name="inspection-detail"),
    path("inspections/new/", wizard.NewInspectionView.as_view(), name="inspection-new"),
    path("inspections/<int:pk>/edit/", editing.EditInspectionView.as_view(), name="inspection-edit"),
    path("inspections/people/", editing.PeopleSearchView.as_view(), name="people-search"),
    path("inspections/<int:pk>/step/", workspace.StepView.as_view(), name="inspection-step"),
    path("inspections/<int:pk>/self-reports/", workspace.SelfReportView.as_view(), name="inspection-self-report"),
    path("inspections/<int:pk>/findings/", findings.FindingAddView.as_view(), name="inspection-finding-add"),
    path("inspections/<int:pk>/findings/template.xlsx", findings_import.FindingsTemplateView.as_view(),
         name="findings-template"),
    path("inspections/<int:pk>/findings/import/", findings_import.FindingsImportView.as_view(),
         name="findings-import"),
    path("inspections/<int:pk>/conclusion/", workspace.ConclusionView.as_view(), name="inspection-conclusion"),
    path("inspections/<int:pk>/requirements/", workspace.RequirementAddView.as_view(),
         name="inspection-requirement-add"),
    path("inspections/<int:pk>/issue/", workspace.IssueView.as_view(), name="inspection-issue"),
    path("findings/<int:pk>/edit/", findings.FindingEditView.as_view(), name="finding-edit"),
    path("findings/<int:pk>/evidence/search/", findings.EvidenceSearchView.as_view(), name="finding-evidence-search"),
    path("findings/<int:pk>/evidence/", findings.EvidenceAddView.as_view(), name="finding-evidence-add"),
    path("findings/", lists.FindingListView.as_view(), name="finding-list"),
    path("requirements/", lists.RequirementListView.as_view(), name="requirement-list"),
    path("requirements/<int:pk>/", reporting.RequirementDetailView.as_view(), name="requirement-detail"),
    path("requirements/<int:pk>/report/", reporting.ProgressReportCreateView.as_view(), name="requirement-report"),
    path("requirements/<int:pk>/extension/", reporting.ExtensionRequestView.as_view(),
         name="requirement-extension"),
    path("requirements/<int:pk>/decide/", decisions.RequirementDecisionView.as_view(), name="requirement-decide"),
    path("requirements/<int:pk>/extensions/<int:extension>/decide/", decisions.ExtensionDecisionView.as_view(),
         name="extension-decide"),
    path("requirements/attachments/<int:pk>/", reporting.AttachmentDownloadView.as_view(),
         name="progress-attachment"),
    path("documents/", lists.DocumentListView.as_view(), name="document-list"),
    path("programs/", lists.ProgramListView.as_view(), name="program-list"),
]

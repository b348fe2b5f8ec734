from django.urls import path
from rest_framework.routers import SimpleRouter

from . import imports, views

router = SimpleRouter()
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("cadre-titles", views.TitleViewSet, basename="cadre-title")
router.register("planning-norms", views.PlanningNormViewSet, basename="planning-norm")
router.register("title-assignments", views.TitleAssignmentViewSet, basename="title-assignment")
router.register("planning-entries", views.PlanningEntryViewSet, basename="planning-entry")
router.register("trainings", views.TrainingRecordViewSet, basename="training")
router.register("movements", views.MovementViewSet, basename="movement")
router.register("cadre-analysis", views.CadreAnalysisViewSet, basename="cadre-analysis")

# Import runs are the uploader's own, not an organization's: plain views with their own tests
# (tests/cadres/test_import_jobs.py), not the organization-scoped endpoint spec.
urlpatterns = router.urls + [
    path("cadre-imports/", imports.CadreImportListView.as_view(), name="cadre-import-runs"),
    path("cadre-imports/<int:pk>/", imports.CadreImportDetailView.as_view(), name="cadre-import-run"),
]

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("cadre-titles", views.TitleViewSet, basename="cadre-title")
router.register("planning-norms", views.PlanningNormViewSet, basename="planning-norm")
router.register("title-assignments", views.TitleAssignmentViewSet, basename="title-assignment")
router.register("planning-entries", views.PlanningEntryViewSet, basename="planning-entry")
router.register("trainings", views.TrainingRecordViewSet, basename="training")
router.register("movements", views.MovementViewSet, basename="movement")
router.register("cadre-analysis", views.CadreAnalysisViewSet, basename="cadre-analysis")

urlpatterns = router.urls

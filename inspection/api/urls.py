from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("topics", views.TopicViewSet, basename="topic")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("program-items", views.ProgramItemViewSet, basename="program-item")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("conclusions", views.ConclusionViewSet, basename="conclusion")
router.register("remediation-requirements", views.RequirementViewSet, basename="remediation-requirement")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")
router.register("deadline-extensions", views.DeadlineExtensionViewSet, basename="deadline-extension")

urlpatterns = router.urls

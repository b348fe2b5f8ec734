from rest_framework.routers import SimpleRouter

from .views import RuleCheckResultViewSet, RuleCheckRunViewSet, RuleViewSet

router = SimpleRouter()
router.register("rules", RuleViewSet, basename="rule")
router.register("rule-runs", RuleCheckRunViewSet, basename="rule-run")
router.register("rule-results", RuleCheckResultViewSet, basename="rule-result")

urlpatterns = router.urls

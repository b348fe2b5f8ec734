from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .views import ConclusionNoticeView, ReportViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [
    *router.urls,
    re_path(r"^conclusions/(?P<pk>[0-9]+)/notice/(?P<fmt>docx|pdf)/$", ConclusionNoticeView.as_view(),
            name="conclusion-notice"),
]

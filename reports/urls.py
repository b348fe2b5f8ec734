from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report-list"),
    path("request/", views.ReportRequestView.as_view(), name="report-request"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("<int:pk>/progress/", views.ReportProgressView.as_view(), name="report-progress"),
    path("<int:pk>/retry/", views.ReportRetryView.as_view(), name="report-retry"),
    path("<int:pk>/regenerate/", views.ReportRegenerateView.as_view(), name="report-regenerate"),
    path("<int:pk>/files/<str:fmt>/", views.ReportFileView.as_view(), name="report-file"),
    path("notices/<int:pk>/<str:fmt>/", views.ConclusionNoticeView.as_view(), name="conclusion-notice"),
]

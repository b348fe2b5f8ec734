"""The project's URLs plus the reports pages (config/urls.py gets the same
include when the branch is merged)."""
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("reports/", include("reports.urls"))]

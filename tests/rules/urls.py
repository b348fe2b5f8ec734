"""The project's URLs plus the rules pages, until config/urls.py includes them."""
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("rules/", include("reports.rules.urls"))]

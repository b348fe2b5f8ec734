"""Staff pages of the rule checks; included under /rules/ by config/urls.py."""
from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.RuleListView.as_view(), name="rule-list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/retry/", views.RunRetryView.as_view(), name="run-retry"),
    path("inspections/<int:pk>/", views.InspectionRulesTabView.as_view(), name="inspection-tab"),
    path("inspections/<int:pk>/run/", views.InspectionRunCreateView.as_view(), name="inspection-run"),
    path("results/<int:pk>/limitation/", views.ResultToLimitationView.as_view(), name="result-to-limitation"),
    path("results/<int:pk>/to-finding/", views.ResultToFindingView.as_view(), name="result-to-finding"),
]

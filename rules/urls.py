"""Staff pages of the rule checks; included under /rules/ by config/urls.py."""
from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.RuleListView.as_view(), name="rule-list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/retry/", views.RunRetryView.as_view(), name="run-retry"),
    path("results/<int:pk>/to-finding/", views.ResultToFindingView.as_view(), name="result-to-finding"),
]

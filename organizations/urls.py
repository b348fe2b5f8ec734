from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="organization-list"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("<int:pk>/meetings/bulk/", views.CellMeetingBulkView.as_view(), name="cellmeeting-bulk"),
]

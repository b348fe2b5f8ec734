from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts.views import LoginView
from core.api_docs import RedocView, SchemaView, SwaggerView
from core.change_views import ChangeFeedView
from core.downloads import download
from core.views import api_not_found, healthz
from inspection.views.home import HomeView
from reports.dashboard_views import DashboardView

admin.site.site_header = _("Quản lý kiểm tra - Ban Tổ chức Thành ủy")
admin.site.site_title = _("Quản lý kiểm tra")

api_v1 = [
    path("", include("organizations.api.urls")),
    path("", include("cadres.api.urls")),
    path("", include("inspection.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("rules.api.urls")),
    path("changes/", ChangeFeedView.as_view(), name="change-feed"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("accounts.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Every stored file is read through this one scope-checking view; MEDIA_ROOT is never served.
    path("files/<slug:kind>/<int:pk>/", download, name="file-download"),
    path("organizations/", include("organizations.urls")),
    path("", include("inspection.urls")),
    path("reports/", include("reports.urls")),
    path("rules/", include("rules.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="api-redoc"),
    # Last under /api/: an unknown API path answers with the JSON error shape. Only paths ending
    # in a slash, so that APPEND_SLASH still redirects /api/v1/organizations to the endpoint.
    re_path(r"^api/(?:.*/)?$", api_not_found),
]

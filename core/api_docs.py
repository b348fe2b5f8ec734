"""API documentation pages (Swagger UI, ReDoc) that work on an intranet without
internet access: their scripts and styles come from drf-spectacular-sidecar
(our own static files, SPECTACULAR_SETTINGS ..._DIST = "SIDECAR"), and a
Content-Security-Policy makes the browser refuse anything from another origin
(ReDoc's sidebar shows a logo from the vendor's CDN; Swagger UI's validator
badge is switched off in the settings too)."""
from django.http import JsonResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework import exceptions

# The ReDoc init runs as an inline script; Swagger UI and ReDoc both inject inline
# styles; images are ours or data: URIs; ReDoc's search runs in a blob: worker.
DOCS_CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
])


class SameOriginOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
        return response


class SwaggerView(SameOriginOnlyMixin, SpectacularSwaggerSplitView):
    """The split view loads its setup script from our URL rather than inline."""


class RedocView(SameOriginOnlyMixin, SpectacularRedocView):
    # drf-spectacular's own template links Google Fonts; ours does not.
    template_name = "api/redoc.html"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema. A method it does not take is the API's JSON 405, not the error in YAML."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        detail = exceptions.MethodNotAllowed(request.method).detail
        response = JsonResponse({"error": {"code": "method_not_allowed", "message": str(detail), "fields": {}}},
                                status=405)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response

"""API documentation pages (Swagger UI, ReDoc) that work on an intranet without
internet access: their scripts and styles come from drf-spectacular-sidecar
(our own static files, SPECTACULAR_SETTINGS ..._DIST = "SIDECAR"), and a
Content-Security-Policy makes the browser refuse anything from another origin
(ReDoc's sidebar shows a logo from the vendor's CDN; Swagger UI's validator
badge is switched off in the settings too)."""
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

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

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class DefaultLanguageMiddleware:
    """Vietnamese is the default UI language whatever the browser prefers: only
    the language switcher (its cookie) or a URL choice changes it. Placed before
    LocaleMiddleware, it hides the browser's Accept-Language header, except on
    the API, where a client sets it on purpose to get its errors in English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (the CSP comes from django-csp), and
    `Cache-Control: no-store` on API responses and on pages for a signed-in user,
    so personal data never stays in a shared or browser cache. Static files are
    answered by whitenoise before this runs and keep their long cache."""

    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        if request.path.startswith(self.API_PREFIX) or self._signed_in(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _signed_in(request):
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

class DefaultLanguageMiddleware:
    """Vietnamese is the default UI language whatever the browser prefers: only
    the language switcher (its cookie) or a URL choice changes it. Placed before
    LocaleMiddleware, it hides the browser's Accept-Language header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

"""One application error type: services raise it, the API turns it into a
structured JSON error and the HTML views into a form message."""


class ApplicationError(Exception):
    def __init__(self, message, *, code="invalid", fields=None, status=400, extra=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.fields = fields or {}
        self.status = status
        self.extra = extra or {}  # more members of the JSON error (a duplicate's `existing_id`, `existing_url`)

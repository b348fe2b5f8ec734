"""The reports endpoint, declared once (tests/api_spec.py); requests and
retries are tested in tests/reports/test_api.py."""
from tests.api_spec import Endpoint

from .factories import ReportFactory

ENDPOINTS = [
    Endpoint("reports", make=lambda w, org: ReportFactory(scope=org)),
]

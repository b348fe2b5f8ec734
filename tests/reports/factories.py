import datetime

import factory

from reports.choices import ReportStatus
from reports.models import Report
from tests.factories import OrganizationFactory


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = "test_fast"
    scope = factory.SubFactory(OrganizationFactory)
    period_key = factory.Sequence(lambda n: f"{2000 + n % 100}")
    period_start = factory.LazyAttribute(lambda o: datetime.date(int(o.period_key[:4]), 1, 1))
    period_end = factory.LazyAttribute(lambda o: datetime.date(int(o.period_key[:4]), 12, 31))
    status = ReportStatus.QUEUED

"""Demo rule checks over the city for 2018 (ratings) and 2019 (meetings,
admissions, cadre plans): the seed's limitations show up as breaches."""
import datetime

from core.services import SYSTEM
from organizations.models import Organization

from .models import RuleCheckRun
from .services import check_run_create, check_run_execute

PERIODS = [(datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)),
           (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))]


def load(stdout=None):
    city = Organization.objects.get(code="tu-hcm")
    created = 0
    for start, end in PERIODS:
        if RuleCheckRun.objects.filter(scope=city, period_start=start, period_end=end, inspection=None).exists():
            continue
        run = check_run_create(user=SYSTEM, scope=city, period_start=start, period_end=end)
        check_run_execute(run_id=run.pk)
        created += 1
    if stdout:
        breaches = RuleCheckRun.objects.filter(scope=city, inspection=None).count()
        stdout.write(f"Rule checks: {breaches} runs ({created} new)")

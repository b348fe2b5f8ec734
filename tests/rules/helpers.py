import datetime

from core.services import SYSTEM
from rules.services import check_run_create, check_run_execute

D = datetime.date
Y2018 = (D(2018, 1, 1), D(2018, 12, 31))
Y2019 = (D(2019, 1, 1), D(2019, 12, 31))


def run_rules(scope, period, codes=None):
    created = check_run_create(user=SYSTEM, scope=scope, period_start=period[0], period_end=period[1], rule_codes=codes)
    return check_run_execute(run_id=created.pk)

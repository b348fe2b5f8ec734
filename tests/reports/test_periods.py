import datetime

import pytest

from reports.periods import parse_period, period_between, scheduled_period

D = datetime.date


@pytest.mark.parametrize("key, start, end", [
    ("2019", D(2019, 1, 1), D(2019, 12, 31)),
    ("2019-Q1", D(2019, 1, 1), D(2019, 3, 31)),
    ("2020-02", D(2020, 2, 1), D(2020, 2, 29)),
    ("2019-12", D(2019, 12, 1), D(2019, 12, 31)),
    ("2019-W13", D(2019, 3, 25), D(2019, 3, 31)),
    ("2019-03-29", D(2019, 3, 29), D(2019, 3, 29)),
    ("2019-01-01..2019-06-30", D(2019, 1, 1), D(2019, 6, 30)),
])
def test_period_keys(key, start, end):
    period = parse_period(key)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("key", ["", "19", "2019-13", "2019-Q5", "2019-W60", "2019-02-30", "2019-06-30..2019-01-01"])
def test_bad_period_keys_are_refused(key):
    with pytest.raises(ValueError):
        parse_period(key)


def test_range_key():
    assert period_between(D(2019, 1, 1), D(2019, 6, 30)).key == "2019-01-01..2019-06-30"


def test_scheduled_runs_report_on_the_period_that_contains_yesterday():
    monday = D(2019, 6, 3)
    assert scheduled_period("week", monday).key == "2019-W22"  # the week that ended on Sunday
    assert scheduled_period("month", D(2019, 7, 1)).key == "2019-06"
    assert scheduled_period("year", D(2019, 12, 15)).key == "2019"
    assert scheduled_period("month", D(2019, 1, 1)).key == "2018-12"

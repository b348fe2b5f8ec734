import json

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from reports.schedules import schedules_setup

pytestmark = pytest.mark.django_db


def test_setup_schedules_creates_the_default_beat_entries(tree):
    call_command("setup_schedules", "--scope", "tu")
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    assert set(tasks) == {
        "Weekly overdue digest — tu", "Monthly remediation follow-up — tu", "Quarterly program progress — tu",
        "Annual inspection summary — tu", "Daily requirement deadline reminders", "Stale task sweep",
        "Daily idempotency key prune",
    }
    weekly = tasks["Weekly overdue digest — tu"]
    assert weekly.task == "reports.tasks.run_scheduled_report" and weekly.enabled
    assert json.loads(weekly.kwargs) == {"kind": "overdue_digest", "scope_code": "tu"}
    crontab = weekly.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == (
        "0", "7", "1", "*", "*"
    )
    assert str(crontab.timezone) == "Asia/Ho_Chi_Minh"
    monthly = tasks["Monthly remediation follow-up — tu"].crontab
    assert (monthly.day_of_month, monthly.hour) == ("1", "7")
    annual = tasks["Annual inspection summary — tu"].crontab
    assert (annual.month_of_year, annual.day_of_month) == ("12", "15")
    quarterly = tasks["Quarterly program progress — tu"]
    assert json.loads(quarterly.kwargs) == {"kind": "program_progress", "scope_code": "tu"}
    assert (quarterly.crontab.month_of_year, quarterly.crontab.day_of_month) == ("1,4,7,10", "1")
    daily = tasks["Daily requirement deadline reminders"]
    assert (daily.task, json.loads(daily.kwargs), daily.enabled) == (
        "reports.tasks.notify_requirement_deadlines", {}, True)
    crontab = daily.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == (
        "0", "7", "*", "*", "*")
    assert str(crontab.timezone) == "Asia/Ho_Chi_Minh"
    sweep = tasks["Stale task sweep"]
    assert (sweep.task, json.loads(sweep.kwargs), sweep.enabled) == ("reports.tasks.sweep_stale_tasks", {}, True)
    assert (sweep.crontab.minute, sweep.crontab.hour, sweep.crontab.day_of_week) == ("*/5", "*", "*")
    prune = tasks["Daily idempotency key prune"]
    assert (prune.task, prune.crontab.minute, prune.crontab.hour) == ("core.tasks.prune_idempotency_keys", "30", "3")


def test_every_scheduled_kind_is_registered_under_the_code_beat_sends():
    from reports import kinds
    from reports.schedules import DEFAULT_SCHEDULES

    assert {spec.kind for spec in DEFAULT_SCHEDULES} == {
        "overdue_digest", "remediation_followup", "program_progress", "annual_summary"}
    assert all(kinds.is_registered(spec.kind) for spec in DEFAULT_SCHEDULES)


def test_the_scheduled_tasks_exist_under_the_names_beat_sends():
    from config.celery import app

    app.loader.import_default_modules()
    assert {"reports.tasks.run_scheduled_report", "reports.tasks.notify_requirement_deadlines",
            "reports.tasks.sweep_stale_tasks", "core.tasks.prune_idempotency_keys"} <= set(app.tasks)


def test_setup_schedules_twice_changes_nothing_and_repairs_edits(tree):
    assert schedules_setup(scope_codes=["tu"]) == {"created": 7, "updated": 0, "unchanged": 0}
    stamps = dict(PeriodicTask.objects.values_list("name", "date_changed"))
    assert schedules_setup(scope_codes=["tu"]) == {"created": 0, "updated": 0, "unchanged": 7}
    assert dict(PeriodicTask.objects.values_list("name", "date_changed")) == stamps
    assert CrontabSchedule.objects.count() == 7
    task = PeriodicTask.objects.get(name="Weekly overdue digest — tu")
    task.kwargs = json.dumps({"scope_code": "q3", "kind": "overdue_digest"})
    task.save()
    assert schedules_setup(scope_codes=["tu"])["updated"] == 1
    task.refresh_from_db()
    assert json.loads(task.kwargs)["scope_code"] == "tu"


def test_kwargs_with_other_spacing_are_not_an_edit(tree):
    schedules_setup(scope_codes=["tu"])
    task = PeriodicTask.objects.get(name="Weekly overdue digest — tu")
    PeriodicTask.objects.filter(pk=task.pk).update(kwargs='{"scope_code":"tu","kind":"overdue_digest"}')
    assert schedules_setup(scope_codes=["tu"])["unchanged"] == 7

"""Links in e-mails are absolute: SITE_URL followed by the page's path."""
import datetime

import pytest
from django.core import mail

from core.links import absolute_url
from reports.notifications import notify_report_ready

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_the_report_ready_mail_links_to_the_report_on_the_site(tree, make_user, settings):
    settings.SITE_URL = "https://kiemtra.btctu.example"
    user = make_user(organizations=[tree.city], email="lan@btctu.local")
    report = ReportFactory(kind="x", scope=tree.cuchi, requested_by=user)
    assert notify_report_ready(report=report, day=datetime.date(2019, 6, 23)) == 1
    assert f"https://kiemtra.btctu.example/reports/{report.pk}/" in mail.outbox[0].body


def test_deadline_reminders_link_to_the_site(tree, board, make_user, settings):
    from organizations.choices import Role
    from reports.notifications import notify_requirement_deadlines

    from .factories import D, issued

    settings.SITE_URL = "https://kiemtra.btctu.example"
    make_user(Role.REPORTER, [tree.cuchi], email="baocao@cuchi.local")
    make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    issued(tree, board, targets=[tree.cuchi], issued_on=D(2019, 4, 1),
           requirements=[(tree.cuchi, "Còn 7 ngày.", D(2019, 6, 30))])
    notify_requirement_deadlines(day=D(2019, 6, 23))
    assert len(mail.outbox) == 2  # the reporter's reminder and the staff digest
    assert all("https://kiemtra.btctu.example/" in message.body for message in mail.outbox)


def test_links_follow_the_url_configuration(settings):
    settings.SITE_URL = "https://kiemtra.btctu.example/app"
    assert absolute_url("reports:report-detail", pk=7) == "https://kiemtra.btctu.example/app/reports/7/"

import pytest

from reports import kinds
from reports.choices import PeriodType
from reports.rendering import Paragraph, PartyDocument


class Builder:
    """A builder with known output; `fail_with` makes it raise, `calls` counts runs."""

    def __init__(self):
        self.calls = 0
        self.fail_with = None
        self.progress_seen = []

    def __call__(self, report, progress):
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        for percent in (10, 50, 100):
            progress(percent)
            self.progress_seen.append(percent)
        document = PartyDocument(
            issuer_lines=["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "BAN TỔ CHỨC"], number="01-BC/BTCTU",
            date=report.period_end, doc_type_title="BÁO CÁO", subject=f"Thử nghiệm {report.scope.name}",
            blocks=[Paragraph("Nội dung có dấu: Củ Chi, Hóc Môn.")],
        )
        rows = ([i, f"Dòng {i}"] for i in range(3))
        return kinds.BuiltReport(party_document=document, sheets={"Dữ liệu": (["STT", "Nội dung"], rows)})


@pytest.fixture
def fast_kind():
    """A registered kind that renders DOCX and XLSX only (no PDF: fast)."""
    builder = Builder()
    kinds.register("test_fast", "Báo cáo thử", builder, ("docx", "xlsx"), period_type=PeriodType.YEAR)
    yield builder
    kinds.unregister("test_fast")


@pytest.fixture
def login(client):
    """Log a user in with the session client. The user is re-read first: the
    foundation's factory sets the password after saving, so the instance's
    session hash would not match the stored one (fixed on main by factory.django.Password)."""

    def do(user):
        client.force_login(type(user).objects.get(pk=user.pk))
        return client

    return do


@pytest.fixture
def board(make_user, tree):
    """A Board inspector answering for the whole city."""
    from organizations.choices import Role

    return make_user(role=Role.INSPECTOR, organizations=[tree.city], email="")  # mails no one

"""Issue #15, the leader's pages: the dashboard prints on A4, every chart has a
table equivalent (for screen readers and print), and an organization picker
tells namesakes apart by their parent."""
import re
from pathlib import Path

import pytest
from django.conf import settings

from inspection.choices import InspectionStatus
from organizations.choices import OrganizationKind as K
from tests.factories import OrganizationFactory
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db
APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


@pytest.fixture
def dashboard(client, tree, board):
    walk(tree, board, targets=[tree.q3_ward], status=InspectionStatus.FOLLOWING_UP)
    client.force_login(board)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def _print_block(css):
    start = css.index("@media print")
    depth, end = 0, start
    for end in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        if depth == 0:
            break
    return css[start:end + 1]


def test_the_dashboard_prints_on_a4_without_the_page_furniture(dashboard):
    assert "css/app.css" in dashboard
    rules = _print_block(APP_CSS.read_text())
    assert re.search(r"@page\s*\{\s*size:\s*A4", rules)
    assert ".navbar" in rules and "display: none" in rules  # the menu and the filters are not printed
    assert "break-inside: avoid" in rules  # a card is not cut across two sheets


def test_every_chart_has_a_table_equivalent_with_a_caption(dashboard):
    sections = re.findall(r"<section\b.*?</section>", dashboard, re.S)
    charts = [section for section in sections if "<canvas" in section]
    assert len(charts) >= 3
    for section in charts:
        assert 'aria-hidden="true"' in section.split("<canvas")[0][-200:], "the drawing is hidden from readers"
        table = re.search(r"<table\b.*?</table>", section, re.S)
        assert table and "<caption" in table.group(0), section[:200]
        assert re.search(r"<t[hd]\b", table.group(0))


def test_namesakes_are_told_apart_by_their_parent_in_the_list_filters(client, tree, board):
    for parent in (tree.q3_ward, tree.cuchi_commune):
        OrganizationFactory(name="Chi bộ Khu phố 9", kind=K.SUBORDINATE_CELL, parent=parent)
    client.force_login(board)
    for url, field in (("/inspections/", "organization"), ("/requirements/", "responsible_organization")):
        form = client.get(url).context["filter_form"]
        labels = [label for _value, label in form.fields[field].choices if "Khu phố 9" in str(label)]
        assert sorted(labels) == ["Chi bộ Khu phố 9 – Đảng ủy phường Võ Thị Sáu",
                                  "Chi bộ Khu phố 9 – Đảng ủy xã Tân Thông Hội"], (url, labels)

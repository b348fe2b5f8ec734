"""The organization page (#15): inspection panels with links, successor and
predecessor with their dates, organizations out of scope named but not linked;
the report scope picker offers dissolved committees for periods they existed in."""
import datetime

import pytest

from inspection.choices import InspectionStatus
from organizations.choices import Role, SuccessionKind
from organizations.models import OrganizationSuccession
from tests.factories import OrganizationFactory
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def reform(tree):
    tree.q3.valid_to = D(2025, 6, 30)
    tree.q3.save()
    ward = OrganizationFactory(name="Đảng ủy phường Xuân Hòa", code="xh", parent=tree.city, valid_from=D(2025, 7, 1))
    OrganizationSuccession.objects.create(predecessor=tree.q3, successor=ward, kind=SuccessionKind.MERGED_INTO,
                                          effective_date=D(2025, 7, 1))
    return ward


def test_panel_figures_link_to_lists_that_count_the_same(client, tree, board, q3_leader):
    walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.FOLLOWING_UP)
    client.force_login(q3_leader)
    response = client.get(f"/organizations/{tree.q3.pk}/")
    panel = response.context["panels"][0]
    assert panel["inspection_count"] == 1 and panel["requirements"]["overdue"] == 1
    for figure, url in [(panel["inspection_count"], panel["inspections_url"]),
                        (panel["requirements"]["open"], panel["open_url"]),
                        (panel["requirements"]["overdue"], panel["overdue_url"]),
                        (panel["findings"]["limitations"], panel["limitations_url"])]:
        assert client.get(url).context["paginator"].count == figure, url
    assert "Tân Thông Hội" not in response.content.decode()


def test_successor_with_dates_and_out_of_scope_names_as_text(client, tree, q3_leader, reform):
    client.force_login(q3_leader)
    page = client.get(f"/organizations/{tree.q3.pk}/").content.decode()
    assert "Đảng ủy phường Xuân Hòa" in page and "30/06/2025" in page and "01/07/2025" in page
    assert f'href="/organizations/{reform.pk}/"' not in page  # outside the leader's scope
    assert f'href="/organizations/{tree.city.pk}/"' not in page  # breadcrumb above the scope
    assert "Thành ủy" in page


def test_report_scope_offers_dissolved_committees_labelled_with_dates(client, tree, make_user, reform):
    leader = make_user(Role.LEADER, [tree.city])
    client.force_login(leader)
    form = client.get("/reports/").context["form"]
    labels = [label for _value, label in form.fields["scope"].choices]
    assert any(label.startswith("Quận ủy Quận 3 (") and "30/06/2025" in label and "Thành ủy" in label
               for label in labels)
    refused = client.post("/reports/request/", {"kind": "remediation_followup", "scope": tree.q3.pk,
                                                "period": "2026"})
    assert refused.status_code == 400 and "không hoạt động trong kỳ" in refused.content.decode()
    accepted = client.post("/reports/request/", {"kind": "remediation_followup", "scope": tree.q3.pk,
                                                 "period": "2019"})
    assert accepted.status_code == 302

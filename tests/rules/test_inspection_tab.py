"""The workspace's rule-check tab (#14): the inspection's latest run on its
targets and period, breaches and warnings listed, «Tạo hạn chế» per breach
creating a limitation linked to the result and citing the records it read;
query count constant in the number of results."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection.models import Finding
from organizations.choices import Role
from organizations.models import User
from rules.choices import Outcome
from rules.models import RuleCheckResult
from rules.services import check_run_create_for_inspection, check_run_execute
from tests.organizations.factories import CellMeetingFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(User.objects.get(pk=user.pk))


@pytest.fixture
def run(board, joint):
    return check_run_execute(run_id=check_run_create_for_inspection(user=board, inspection=joint).pk)


def _tab(client, inspection):
    response = client.get(reverse("rules:inspection-tab", args=[inspection.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_tab_lists_breaches_and_creates_a_limitation_with_its_evidence(client, tree, board, joint, run):
    login(client, board)
    workspace = client.get(f"/inspections/{joint.pk}/").content.decode()
    assert reverse("rules:inspection-tab", args=[joint.pk]) in workspace and "Kiểm tra theo quy định" in workspace
    html = _tab(client, joint)
    assert "Vi phạm" in html and html.count(">Tạo hạn chế<") >= 1
    breach = run.results.get(rule_code="CM-1", organization=tree.q3_cell)
    assert breach.evidence, "the rule names the records it read"
    done = client.post(reverse("rules:result-to-limitation", args=[breach.pk]), follow=True)
    assert done.redirect_chain[-1][0] == f"/inspections/{joint.pk}/#tab-rules"
    finding = Finding.objects.get()
    breach.refresh_from_db()
    assert breach.finding == finding and finding.kind == "limitation"
    cited = {(e.content_type.model, e.object_id) for e in finding.evidence.all()}
    expected = {(label.split(".")[1], pk) for label, ids in breach.evidence.items() for pk in ids}
    assert cited and cited <= expected
    assert f"Đã ghi hạn chế #{finding.pk}" in _tab(client, joint)
    again = client.post(reverse("rules:result-to-limitation", args=[breach.pk]), follow=True)
    assert "đã được ghi thành kết quả kiểm tra" in again.content.decode() and Finding.objects.count() == 1


def test_tab_without_a_run_offers_to_run_and_others_cannot_record(client, tree, board, joint, make_user):
    login(client, board)
    assert "Chưa kiểm tra theo quy định" in _tab(client, joint)
    leader = make_user(Role.LEADER, [tree.city])
    login(client, leader)
    html = _tab(client, joint)
    assert "Tạo hạn chế" not in html and 'action="/rules/inspections/' not in html
    cuchi = make_user(organizations=[tree.cuchi_commune])
    login(client, cuchi)
    assert client.get(reverse("rules:inspection-tab", args=[joint.pk])).status_code == 404


def test_tab_queries_constant_in_results(client, tree, board, joint, run):
    login(client, board)
    url = reverse("rules:inspection-tab", args=[joint.pk])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    before = count()
    for org in (tree.q3, tree.q3_ward, tree.cuchi, tree.cuchi_commune):
        RuleCheckResult.objects.create(run=run, rule_code="CM-1", topic="cell_meetings", severity="medium",
                                       organization=org, outcome=Outcome.BREACH, message="x")
    CellMeetingFactory(cell=tree.q3_cell)
    assert count() == before

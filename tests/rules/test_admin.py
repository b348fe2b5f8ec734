"""The admin door: a run's results grouped by topic, breaches recorded as
limitations by an action calling the same service, all within scope."""
import pytest

from inspection.choices import InspectionStatus
from inspection.models import Finding
from organizations.choices import Role
from organizations.models import User
from rules.models import RuleCheckResult
from tests.inspection.factories import walk
from tests.organizations.factories import CellMeetingFactory

from .helpers import Y2018, D, run_rules

pytestmark = pytest.mark.django_db
RESULTS = "/admin/rules/rulecheckresult/"
ACTION = "record_as_findings"


def login(client, user):
    client.force_login(User.objects.get(pk=user.pk))


@pytest.fixture
def run(tree, board):
    """Both cells breach CM-1 in 2018 (each met once); the run belongs to an inspection in progress."""
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    CellMeetingFactory(cell=tree.cuchi_cell, date=D(2018, 1, 5))
    inspection = walk(tree, board, targets=[tree.q3, tree.cuchi], status=InspectionStatus.IN_PROGRESS,
                      topics=("cell_meetings",)).inspection
    run = run_rules(tree.city, Y2018, ["CM-1", "QR-1"])
    run.inspection = inspection
    run.save()
    return run


def select(client, results):
    return client.post(RESULTS, {"action": ACTION, "_selected_action": [r.pk for r in results]}, follow=True)


def test_run_page_groups_results_by_topic_with_links(client, tree, board, run):
    login(client, board)
    page = client.get(f"/admin/rules/rulecheckrun/{run.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kết quả theo nội dung kiểm tra" in html
    assert html.index("Kiểm điểm, đánh giá, xếp loại") < html.index("Chất lượng sinh hoạt chi bộ")
    assert f"?run={run.pk}&amp;topic=cell_meetings&amp;outcome=warning\">Cần xem xét: 2</a>" in html
    listed = client.get(RESULTS, {"run": run.pk, "topic": "cell_meetings", "outcome": "warning"})
    assert listed.status_code == 200 and listed.context["cl"].result_count == 2


def test_action_records_each_breach_as_a_limitation(client, tree, board, run):
    login(client, board)
    breaches = list(run.results.filter(rule_code="CM-1"))
    response = select(client, breaches)
    assert "Đã tạo 2 kết quả kiểm tra (hạn chế) dự thảo." in response.content.decode()
    assert sorted(Finding.objects.values_list("organization__code", flat=True)) == ["cc", "q3"]
    assert not RuleCheckResult.objects.filter(rule_code="CM-1", finding__isnull=True).exists()


def test_action_is_all_or_nothing(client, tree, board, run):
    login(client, board)
    not_breach = run.results.get(rule_code="QR-1", organization=tree.q3_ward)
    response = select(client, [run.results.get(rule_code="CM-1", organization=tree.q3_cell), not_breach])
    assert "Chưa tạo kết quả kiểm tra nào" in response.content.decode()
    assert not Finding.objects.exists()


def test_admin_scope_and_roles(client, tree, make_user, run):
    q3 = make_user(organizations=[tree.q3])
    login(client, q3)
    cuchi_result = run.results.get(rule_code="CM-1", organization=tree.cuchi_cell)
    assert client.get(f"{RESULTS}{cuchi_result.pk}/change/").status_code == 302  # "does not exist" redirect
    assert client.get(f"/admin/rules/rulecheckrun/{run.pk}/change/").status_code == 302  # a city run
    select(client, [cuchi_result])
    assert not Finding.objects.exists()
    listed = client.get(RESULTS, {"run": run.pk})
    assert {r.organization.code for r in listed.context["cl"].result_list} == {"q3-vts", "q3-vts-kp1"}
    leader = make_user(Role.LEADER, [tree.city])
    login(client, leader)
    page = client.get(RESULTS)
    assert page.status_code == 200 and ACTION not in page.content.decode()
    select(client, [run.results.get(rule_code="CM-1", organization=tree.q3_cell)])
    assert not Finding.objects.exists()

"""The staff page of a run: results grouped by topic, "Tạo hạn chế" per breach (POST, CSRF)."""
import pytest
from django.test import Client
from django.urls import reverse

from inspection.models import Finding
from organizations.choices import Role
from organizations.models import User
from rules.services import check_run_create_for_inspection, check_run_execute

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(User.objects.get(pk=user.pk))


@pytest.fixture
def run(board, joint):
    return check_run_execute(run_id=check_run_create_for_inspection(user=board, inspection=joint).pk)


def test_page_groups_results_and_records_a_breach(client, tree, board, run, django_assert_max_num_queries):
    login(client, board)
    url = reverse("rules:run-detail", args=[run.pk])
    with django_assert_max_num_queries(15):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chất lượng sinh hoạt chi bộ" in html and html.count("Tạo hạn chế") == 1  # CM-1 in Quận 3
    assert "Không đánh giá (trước khi quy định có hiệu lực)" in html  # CM-2: its meeting predates HD 12
    breach = run.results.get(rule_code="CM-1", organization=tree.q3_cell)
    done = client.post(reverse("rules:result-to-finding", args=[breach.pk]), follow=True)
    assert done.redirect_chain[-1][0] == url
    finding = Finding.objects.get()
    assert f"Đã ghi hạn chế #{finding.pk} (dự thảo)" in done.content.decode()
    again = client.post(reverse("rules:result-to-finding", args=[breach.pk]), follow=True)
    assert "đã được ghi thành kết quả kiểm tra" in again.content.decode() and Finding.objects.count() == 1


def test_csrf_scope_and_roles(tree, make_user, board, run):
    breach = run.results.get(rule_code="CM-1", organization=tree.q3_cell)
    strict = Client(enforce_csrf_checks=True)
    login(strict, board)
    assert strict.post(reverse("rules:result-to-finding", args=[breach.pk])).status_code == 403
    cuchi = Client()
    login(cuchi, make_user(organizations=[tree.cuchi]))
    assert cuchi.post(reverse("rules:result-to-finding", args=[breach.pk])).status_code == 404
    leader = Client()
    login(leader, make_user(Role.LEADER, [tree.city]))
    page = leader.get(reverse("rules:run-detail", args=[run.pk]))
    assert page.status_code == 200 and "Tạo hạn chế" not in page.content.decode()
    assert leader.post(reverse("rules:result-to-finding", args=[breach.pk])).status_code == 403
    q3 = Client()
    login(q3, make_user(Role.LEADER, [tree.q3]))
    assert q3.get(reverse("rules:run-detail", args=[run.pk])).status_code == 200  # Quận 3 is a target
    assert "Chi bộ Ấp Trung" not in q3.get(reverse("rules:run-detail", args=[run.pk])).content.decode()
    assert not Finding.objects.exists()

"""The bulk entry page, the summary include and the admin, through the same scope."""
import pytest
from django.template.loader import render_to_string
from django.test import Client

from organizations import selectors
from organizations.choices import Role
from organizations.models import CellMeeting

from .factories import CellMeetingFactory, QualityRatingFactory

pytestmark = pytest.mark.django_db


def _client(user):
    user.refresh_from_db()  # the factory sets the password after saving; log in with what is stored
    client = Client()
    client.force_login(user)
    return client


def _post_data(year=2019, rows=None, members_total=""):
    """What the browser sends: the twelve prefilled rows as rendered, some filled in."""
    data = {"year": str(year), "rows-TOTAL_FORMS": "12", "rows-INITIAL_FORMS": "12",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "60"}
    for i in range(12):
        data.update({f"rows-{i}-date": f"{year}-{i + 1:02d}-05", f"rows-{i}-kind": "regular",
                     f"rows-{i}-duration_minutes": "90", f"rows-{i}-members_total": members_total,
                     f"rows-{i}-topic": "",
                     f"rows-{i}-absent_excused": "0", f"rows-{i}-absent_unexcused": "0", f"rows-{i}-spoke": "0",
                     f"rows-{i}-young_spoke": "0", f"rows-{i}-content_focus": "mixed", f"rows-{i}-quality": ""})
    for i, values in (rows or {}).items():
        data.update({f"rows-{i}-{k}": v for k, v in values.items()})
    return data


FILLED = {"members_total": "10", "present": "9", "absent_excused": "1", "absent_unexcused": "0",
          "spoke": "3", "young_spoke": "1", "criticism_held": "on", "topic": "Thường kỳ"}


def test_bulk_page_prefills_twelve_months_and_saves_only_filled_rows(tree, make_user):
    client = _client(make_user(organizations=[tree.q3]))
    url = f"/organizations/{tree.q3_cell.pk}/meetings/bulk/?year=2019"
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('type="date"') == 12
    assert 'value="2019-03-05"' in page.content.decode()
    response = client.post(url, _post_data(rows={0: FILLED, 1: FILLED}))
    assert response.status_code == 302
    assert list(CellMeeting.objects.values_list("date__month", flat=True).order_by("date")) == [1, 2]


def test_bulk_page_shows_the_bad_row_and_saves_nothing(tree, make_user):
    client = _client(make_user(organizations=[tree.q3]))
    url = f"/organizations/{tree.q3_cell.pk}/meetings/bulk/"
    response = client.post(url, _post_data(rows={0: FILLED, 4: {**FILLED, "present": "12"}}))
    assert response.status_code == 200
    assert "khác tổng số đảng viên 10" in response.content.decode()
    assert not CellMeeting.objects.exists()
    CellMeetingFactory(cell=tree.q3_cell, date="2019-01-05", members_total=10, present=9)
    # the page now prefills the cell's last known total, 10
    assert 'name="rows-3-members_total" value="10"' in client.get(url).content.decode()
    response = client.post(url, _post_data(rows={0: FILLED, 1: FILLED}, members_total="10"))
    assert "đã có buổi sinh hoạt thường kỳ ngày 05/01/2019" in response.content.decode()
    assert CellMeeting.objects.count() == 1


def test_bulk_page_is_scoped_and_needs_write_permission(tree, make_user):
    url = f"/organizations/{tree.cuchi_cell.pk}/meetings/bulk/"
    assert _client(make_user(organizations=[tree.q3])).get(url).status_code == 404
    assert _client(make_user(organizations=[tree.q3])).get(
        f"/organizations/{tree.q3_ward.pk}/meetings/bulk/").status_code == 404  # not a cell
    leader = make_user(role=Role.LEADER, organizations=[tree.q3])
    assert _client(leader).get(f"/organizations/{tree.q3_cell.pk}/meetings/bulk/").status_code == 403
    assert Client().get(url).status_code == 302  # to the login page


def test_records_summary_include_shows_the_breach_badge(tree, make_user):
    user = make_user(organizations=[tree.q3])
    QualityRatingFactory(organization=tree.q3_ward, excellent=9, good=20, fulfilled=0, total=29)
    summary = selectors.organization_records_summary(user=user, organization=tree.q3_ward)
    html = render_to_string("organizations/_records_summary.html", {"summary": summary})
    assert "vượt giới hạn" in html and "HTXSNV bằng 45 % số HTTNV" in html
    assert "Số hoàn thành xuất sắc nhiệm vụ bằng 45 % số hoàn thành tốt nhiệm vụ" in html  # the badge spelt out


def test_admin_lists_and_opens_only_rows_in_scope(tree, make_user):
    mine = CellMeetingFactory(cell=tree.q3_cell)
    theirs = CellMeetingFactory(cell=tree.cuchi_cell)
    client = _client(make_user(organizations=[tree.q3]))
    changelist = client.get("/admin/organizations/cellmeeting/")
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1 and list(changelist.context["cl"].result_list) == [mine]
    assert client.get(f"/admin/organizations/cellmeeting/{theirs.pk}/change/").status_code == 302
    assert client.post(f"/admin/organizations/cellmeeting/{theirs.pk}/delete/", {"post": "yes"}).status_code == 302
    assert CellMeeting.objects.filter(pk=theirs.pk).exists()
    form = client.get("/admin/organizations/cellmeeting/add/").context["adminform"].form
    assert tree.cuchi_cell not in form.fields["cell"].queryset and tree.q3_cell in form.fields["cell"].queryset
    leader = _client(make_user(role=Role.LEADER, organizations=[tree.q3]))
    assert leader.get("/admin/organizations/cellmeeting/add/").status_code == 403


def test_admin_refuses_a_rating_that_does_not_add_up(tree, make_user):
    client = _client(make_user(organizations=[tree.q3]))
    data = {"organization": tree.q3_ward.pk, "year": 2018, "subject": "members", "excellent": 1, "good": 10,
            "fulfilled": 0, "failed": 0, "not_rated_exempted": 0, "not_rated_suspended": 0, "not_rated_other": 0,
            "total": 12, "member_ratings-TOTAL_FORMS": 0, "member_ratings-INITIAL_FORMS": 0}
    response = client.post("/admin/organizations/qualityrating/add/", data)
    assert response.status_code == 200 and "tổng số là 12" in response.content.decode()
    data["total"] = 11
    assert client.post("/admin/organizations/qualityrating/add/", data).status_code == 302

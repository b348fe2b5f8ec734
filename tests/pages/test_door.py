"""The generic page door (core/pages.py): filters, sorting, the query string
kept, exports of what is on screen, errors next to the fields."""
import csv
import io

import pytest
from django import forms
from openpyxl import load_workbook

from core.errors import ApplicationError
from core.pages import show_error
from organizations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3_client(client, tree, make_user):
    client.force_login(make_user(Role.LEADER, [tree.q3]))
    return client


def test_list_sorts_and_keeps_the_query_in_sort_and_page_links(q3_client, tree):
    response = q3_client.get("/organizations/", {"q": "quan", "sort": "-name"})
    assert response.status_code == 200
    headers = {h["key"]: h for h in response.context["headers"]}
    assert headers["name"]["state"] == "descending"
    assert headers["name"]["url"] == "?q=quan&sort=name"
    assert response.context["query_string"] == "q=quan&sort=-name"
    names = [o.name for o in q3_client.get("/organizations/", {"sort": "name"}).context["object_list"]]
    assert names == sorted(names)


def test_export_is_what_is_on_screen_in_both_formats(q3_client, tree):
    response = q3_client.get("/organizations/", {"q": "vo thi sau", "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Tên" and [r[0] for r in rows[1:]] == ["Đảng ủy phường Võ Thị Sáu"]
    response = q3_client.get("/organizations/", {"q": "vo thi sau", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Tên", "Đảng ủy phường Võ Thị Sáu"]
    # Nothing from outside the reader's scope, whatever the filter says.
    everything = q3_client.get("/organizations/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "Củ Chi" not in everything
    assert q3_client.get("/organizations/", {"export": "pdf"}).status_code == 404


def test_a_filter_that_cannot_be_read_lists_nothing_and_says_why(q3_client):
    response = q3_client.get("/organizations/", {"active_on": "12/31/2026"})
    assert response.status_code == 400 and list(response.context["object_list"]) == []


def test_reports_list_is_on_the_door(q3_client):
    response = q3_client.get("/reports/", {"export": "csv"})
    assert response.status_code == 200 and "Loại báo cáo" in response.content.decode("utf-8-sig")


class _Form(forms.Form):
    deadline = forms.DateField()
    text = forms.CharField()


def test_service_errors_go_next_to_their_fields_and_the_rest_on_top():
    form = _Form({"deadline": "07/12/2026", "text": "đã gõ"})
    assert form.is_valid()
    show_error(form, ApplicationError("Không được.", fields={"deadline": ["Phải sau thời hạn hiện hành."],
                                                             "other": ["x"]}))
    assert form.errors["deadline"] == ["Phải sau thời hạn hiện hành."]
    assert "Không được." in form.non_field_errors()
    assert form["text"].value() == "đã gõ"

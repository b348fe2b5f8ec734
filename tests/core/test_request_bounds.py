"""Bad input through the API gets a clear 4xx in the JSON error shape, never a
500, and nothing is half-saved: too deep, too large, NUL characters, Unicode
forms, wrong types in bulk rows, bad query parameters."""
import json
import unicodedata

import pytest

from organizations.models import CellMeeting

pytestmark = pytest.mark.django_db
BULK = "/api/v1/cell-meetings/bulk/"
ROW = {"kind": "regular", "duration_minutes": 90, "members_total": 10, "present": 10, "spoke": 3, "young_spoke": 1}


def _error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


@pytest.fixture
def writer(tree, make_user, api):
    return api.as_user(make_user(organizations=[tree.q3]))


def test_a_json_body_nested_100000_levels_is_a_400(writer):
    body = "[" * 100_000 + "]" * 100_000
    error = _error(writer.post(BULK, body, content_type="application/json"), 400)
    assert error["code"] == "too_deep" and "lồng" in error["message"]


def test_nesting_beyond_the_limit_is_refused_but_ordinary_payloads_pass(writer, tree, settings):
    settings.MAX_JSON_DEPTH = 5
    deep = {"cell": tree.q3_cell.pk, "rows": [{**ROW, "date": "2019-01-05", "topic": [[[["x"]]]]}]}
    assert _error(writer.post(BULK, deep, format="json"), 400)["code"] == "too_deep"
    ok = {"cell": tree.q3_cell.pk, "rows": [{**ROW, "date": "2019-01-05"}]}
    assert writer.post(BULK, ok, format="json").status_code == 201


def test_a_3_mb_json_body_is_a_413_in_the_json_error_shape(writer, tree):
    body = json.dumps({"cell": tree.q3_cell.pk, "rows": [{**ROW, "date": "2019-01-05", "topic": "x" * 3_000_000}]})
    error = _error(writer.post(BULK, body, content_type="application/json"), 413)
    assert error["code"] == "too_large" and "MB" in error["message"]
    assert not CellMeeting.objects.exists()


def test_a_nul_character_is_a_400_and_nothing_is_saved(writer, tree):
    rows = [{**ROW, "date": "2019-01-05", "topic": "Thường kỳ"}, {**ROW, "date": "2019-02-05", "topic": "a\x00b"}]
    error = _error(writer.post(BULK, {"cell": tree.q3_cell.pk, "rows": rows}, format="json"), 400)
    assert "NUL" in error["message"]
    assert error["fields"] == {"rows": {"1": {"topic": [error["fields"]["rows"]["1"]["topic"][0]]}}}
    assert not CellMeeting.objects.exists()


def test_json_text_is_stored_in_nfc(writer, tree):
    topic = unicodedata.normalize("NFD", "Sinh hoạt chuyên đề Củ Chi")
    response = writer.post(BULK, {"cell": tree.q3_cell.pk, "rows": [{**ROW, "date": "2019-01-05", "topic": topic}]},
                           format="json")
    assert response.status_code == 201
    assert CellMeeting.objects.get().topic == unicodedata.normalize("NFC", topic)


@pytest.mark.parametrize("date", [20190410, ["2019-04-10"], {"y": 2019}, True])
def test_a_bulk_row_date_of_the_wrong_type_is_a_row_error(writer, tree, date):
    rows = [{**ROW, "date": "2019-01-05"}, {**ROW, "date": date}]
    error = _error(writer.post(BULK, {"cell": tree.q3_cell.pk, "rows": rows}, format="json"), 400)
    assert error["code"] == "bulk_invalid"
    assert [(r["index"], list(r["fields"])) for r in error["rows"]] == [(1, ["date"])]
    assert "yyyy-mm-dd" in error["rows"][0]["fields"]["date"][0].lower()
    assert not CellMeeting.objects.exists()


@pytest.mark.parametrize("url", [
    "/api/v1/documents/?year=99999", "/api/v1/cell-meetings/?year=99999", "/api/v1/rule-runs/?year=99999",
    "/api/v1/progress-reports/?year=99999",
])
def test_a_year_filter_out_of_range_is_a_400(api, tree, make_user, url):
    client = api.as_user(make_user(organizations=[tree.city]))
    error = _error(client.get(url), 400)
    assert "year" in error["fields"]


def test_an_api_upload_above_the_largest_accepted_size_is_stopped_with_a_413(writer, tree, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_SIZE = settings.MAX_IMPORT_SIZE = 64 * 1024
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-" + b"x" * (200 * 1024), content_type="application/pdf")
    response = writer.post("/api/v1/cell-meetings/", {**ROW, "date": "2019-01-05", "cell": tree.q3_cell.pk,
                                                      "minutes_file": upload}, format="multipart")
    error = _error(response, 413)
    assert error["code"] == "too_large" and "bien-ban.pdf" in error["message"]
    assert not CellMeeting.objects.exists()


@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_form_and_multipart_text_is_stored_in_nfc(api, tree, make_user, fmt):
    from urllib.parse import urlencode

    client = api.as_user(make_user(organizations=[tree.q3]))
    topic = unicodedata.normalize("NFD", "Học tập nghị quyết")
    body = {**ROW, "date": "2019-01-05", "cell": tree.q3_cell.pk, "topic": topic}
    if fmt == "multipart":
        response = client.post("/api/v1/cell-meetings/", body, format="multipart")
    else:
        response = client.post("/api/v1/cell-meetings/", urlencode(body),
                               content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201, response.content
    assert CellMeeting.objects.get().topic == unicodedata.normalize("NFC", topic)

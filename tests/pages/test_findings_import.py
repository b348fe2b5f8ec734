"""Findings imported from the workspace's XLSX template (#14): the template has
Vietnamese headers and the inspection's own lists; an upload is previewed with
each bad row marked and why, nothing saved; the confirmation saves all or none."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from inspection import services
from inspection.choices import InspectionStatus
from inspection.models import Finding
from tests.inspection.factories import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(tree, board):
    return walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=InspectionStatus.IN_PROGRESS).inspection


def _file(client, inspection, rows):
    response = client.get(f"/inspections/{inspection.pk}/findings/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ket-qua.xlsx", out.getvalue())


def test_template_has_vietnamese_headers_and_the_inspections_lists(client, board, running, tree):
    client.force_login(board)
    response = client.get(f"/inspections/{running.pk}/findings/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[0] == "Tổ chức được kiểm tra (*)" and headers[4] == "Nội dung nhận xét (*)"
    lists = [c.value for c in book.worksheets[1]["A"]]
    assert tree.q3_ward.name in lists and tree.cuchi_commune.name in lists
    assert "Nhập nhiều kết quả kiểm tra từ Excel" in client.get(f"/inspections/{running.pk}/").content.decode()


def test_preview_marks_bad_rows_and_saves_nothing(client, board, running, tree):
    client.force_login(board)
    topic = running.topics.first()
    upload = _file(client, running, [
        [tree.q3_ward.name, topic.name, "Ưu điểm", None, "Sinh hoạt đều đặn.", "nề nếp"],
        [tree.cuchi_commune.name, topic.name, "Hạn chế, khuyết điểm", None, "Thiếu biên bản.", None],
        ["Phường Không Có", topic.name, "Ưu điểm", None, "X", None],
        [tree.q3_ward.name, "Nội dung lạ", "Khen", None, None, None],
    ])
    response = client.post(f"/inspections/{running.pk}/findings/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "3 dòng có lỗi; chưa lưu dòng nào." in page
    assert "Chọn mức độ của hạn chế, khuyết điểm." in page  # line 3
    assert "«Phường Không Có» không phải tổ chức được kiểm tra" in page
    assert "«Nội dung lạ» không nằm trong các nội dung" in page and "Loại «Khen» không hợp lệ" in page
    assert "Thiếu «Nội dung nhận xét»." in page
    assert [r.line for r in response.context["bad"]] == [3, 4, 5]
    assert 'name="payload"' not in page and not Finding.objects.exists()


def test_confirm_saves_every_row_or_none(client, board, running, tree):
    client.force_login(board)
    topic = running.topics.first()
    upload = _file(client, running, [
        [tree.q3_ward.name, topic.name, "Ưu điểm", None, "Sinh hoạt đều đặn.", "nề nếp, gương mẫu"],
        [tree.cuchi_commune.code, topic.code, "hạn chế, khuyết điểm", "trung binh", "Thiếu biên bản.", None],
    ])
    preview = client.post(f"/inspections/{running.pk}/findings/import/", {"file": upload})
    payload = preview.context["payload"]
    assert payload and not Finding.objects.exists()  # nothing saved before the confirmation
    tampered = client.post(f"/inspections/{running.pk}/findings/import/", {"payload": payload[:-3] + "abc"})
    assert tampered.status_code == 400 and not Finding.objects.exists()
    done = client.post(f"/inspections/{running.pk}/findings/import/", {"payload": payload}, follow=True)
    assert "Đã nhập 2 kết quả kiểm tra từ tệp Excel." in done.content.decode()
    saved = Finding.objects.order_by("pk")
    assert [(f.organization, f.kind, f.severity) for f in saved] == [
        (tree.q3_ward, "strength", ""), (tree.cuchi_commune, "limitation", "moderate")]
    assert sorted(t.name for t in saved[0].tags.all()) == ["gương mẫu", "nề nếp"]


def test_a_row_refused_at_save_rolls_back_the_whole_import(client, board, running, tree):
    client.force_login(board)
    topic = running.topics.first()
    upload = _file(client, running, [
        [tree.q3_ward.name, topic.name, "Ưu điểm", None, "Một.", None],
        [tree.cuchi_commune.name, topic.name, "Ưu điểm", None, "Hai.", None],
    ])
    payload = client.post(f"/inspections/{running.pk}/findings/import/", {"file": upload}).context["payload"]
    board.organizations.set([tree.q3])  # meanwhile Củ Chi left the user's scope: line 3 is refused at save
    refused = client.post(f"/inspections/{running.pk}/findings/import/", {"payload": payload})
    assert refused.status_code >= 400 and "Dòng 3:" in refused.content.decode()
    assert not Finding.objects.exists()  # line 2 was saved first, then rolled back with the rest
    client.force_login(board)
    services.inspection_cancel(user=board, inspection=running, note="Dừng.")
    frozen = client.post(f"/inspections/{running.pk}/findings/import/", {"payload": payload})
    assert frozen.status_code >= 400 and not Finding.objects.exists()


def test_not_an_excel_file_is_refused_beside_the_field(client, board, running):
    client.force_login(board)
    response = client.post(f"/inspections/{running.pk}/findings/import/",
                           {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})
    assert response.status_code == 400 and "không phải là tệp XLSX hợp lệ" in response.content.decode()

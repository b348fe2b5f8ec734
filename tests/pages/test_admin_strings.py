"""Django's own admin strings in the project's words (#14): the project
catalogue overrides the msgids of django/contrib/admin that Django leaves in
English or in odd Vietnamese, and a list column has a title of its own."""
import json
import re

import pytest

from inspection.models import Document
from organizations.models import User
from tests.inspection.factories import DocumentFactory

pytestmark = pytest.mark.django_db
ODD = ("Please correct the error", "Bản ghi nhớ", "BẢN GHI NHỚ", "Bởi ", "NUMBER DISPLAY", "Number display",
       "Choose all", "Hãy chỉnh sửa lại các lỗi sau")


@pytest.fixture
def admin_client(client, make_user, tree):
    user = make_user(organizations=[tree.city], is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=user.pk))
    return client


def _clean(page):
    for text in ODD:
        assert text not in page, text


def test_admin_change_page_in_vietnamese_has_no_english_or_odd_strings(admin_client, tree):
    document = DocumentFactory(issuer=tree.city, number=5, doc_type="TB")
    url = f"/admin/inspection/document/{document.pk}/change/"
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    _clean(page)
    assert "Lịch sử thay đổi" in page
    refused = admin_client.post(url, {"number": "x"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 200
    page = refused.content.decode()
    _clean(page)
    assert "Vui lòng sửa các lỗi được nêu dưới đây." in page


def test_admin_list_filters_and_columns_in_vietnamese(admin_client, tree):
    DocumentFactory(issuer=tree.city, number=5, doc_type="TB")
    page = admin_client.get("/admin/inspection/document/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    _clean(page)
    assert "Theo " in page and "Số, ký hiệu" in page
    assert Document.number_display.fget.short_description


def test_admin_javascript_strings_in_vietnamese(admin_client):
    script = admin_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalog["Choose all %s"] == "Chọn tất cả %s"
    assert catalog["Remove all %s"] == "Bỏ tất cả %s"

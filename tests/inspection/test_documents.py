import datetime

import pytest

from core.errors import ApplicationError
from inspection import services
from inspection.choices import Confidentiality, DocumentType
from inspection.documents import document_next_number, parse_party_number, render_party_number
from inspection.models import Document
from tests.factories import OrganizationFactory
from tests.organizations.factories import TermFactory

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, expected", [
    ("3150-TB/TU", (3150, "TB", "TU")),
    ("35-CT/TW", (35, "CT", "TW")),
    ("01-BC/CB", (1, "BC", "CB")),
    (" 12 - qđi / tw ", (12, "QĐi", "TW")),
    ("Số 7-KH/BTCTU", (7, "KH", "BTCTU")),
])
def test_parse_party_number(text, expected):
    assert parse_party_number(text) == expected


@pytest.mark.parametrize("text", ["3150/TB-TU", "01/QĐ-UBND", "TB-3150/TU", "3150-TB", ""])
def test_malformed_number_shows_the_expected_form(text):
    with pytest.raises(ApplicationError) as err:
        parse_party_number(text)
    assert err.value.code == "invalid_party_number"
    assert "{số}-{loại văn bản}/{cơ quan ban hành}" in err.value.message
    assert "3150-TB/TU" in err.value.message


def test_unknown_type_lists_the_known_ones():
    with pytest.raises(ApplicationError) as err:
        parse_party_number("5-XYZ/TU")
    assert "XYZ" in err.value.message and "TB" in err.value.message


def test_render_both_ways():
    assert render_party_number(3150, "TB", "TU") == "3150-TB/TU"
    assert render_party_number(1, "BC", "CB") == "01-BC/CB"
    doc = DocumentFactory(number=3150, doc_type=DocumentType.TB, issuer_code="TU")
    assert doc.number_display == "3150-TB/TU"
    assert parse_party_number(doc.number_display) == (3150, "TB", "TU")
    assert str(doc) == "3150-TB/TU ngày 01/4/2019"  # HD 36: a day below 10 on two digits


@pytest.fixture(autouse=True)
def terms(db):
    return TermFactory()


def test_create_from_party_number_and_next_number(board, tree):
    tree.city.issuer_code = "TU"
    tree.city.save()
    doc = services.document_create(user=board, issuer=tree.city, party_number="3150-TB/TU",
                                   issued_on=datetime.date(2019, 3, 29), subject="Thông báo kết luận")
    assert (doc.number, doc.doc_type, doc.issuer_code, doc.term.name) == (3150, "TB", "TU", "2015–2020")
    assert document_next_number(issuer_code="TU", doc_type="TB", term=doc.term) == 3151
    auto = services.document_create(user=board, issuer=tree.city, doc_type="TB",
                                    issued_on=datetime.date(2019, 4, 2), subject="Thông báo khác")
    assert auto.number_display == "3151-TB/TU"


def test_duplicate_number_is_refused_with_the_next_free_one(board):
    first = DocumentFactory(number=3150, doc_type="TB", issuer_code="TU")
    with pytest.raises(ApplicationError) as err:
        services.document_create(user=board, issuer_code="TU", party_number="3150-TB/TU",
                                 issued_on=datetime.date(2019, 3, 29), subject="Trùng số")
    assert err.value.code == "duplicate" and err.value.status == 409
    assert err.value.extra == {"existing_id": first.pk, "existing_url": f"/api/v1/documents/{first.pk}/"}
    assert "3151" in err.value.message
    assert Document.objects.count() == 1


def test_same_number_for_two_committees_sharing_the_code_du(board, tree):
    bank = OrganizationFactory(parent=tree.city, issuer_code="ĐU", name="Đảng ủy Khối Ngân hàng")
    resco = OrganizationFactory(parent=tree.city, issuer_code="ĐU", name="Đảng ủy Resco")
    for issuer in (bank, resco):
        services.document_create(user=board, issuer=issuer, party_number="01-BC/ĐU",
                                 issued_on=datetime.date(2019, 5, 2), subject="Báo cáo")
    assert Document.objects.filter(number=1, issuer_code="ĐU").count() == 2
    assert document_next_number(issuer_code="ĐU", doc_type="BC", term=TermFactory(), issuer=bank) == 2


def test_without_a_term_covering_the_date_the_message_says_so(board):
    with pytest.raises(ApplicationError) as err:
        services.document_create(user=board, issuer_code="TU", party_number="5-TB/TU",
                                 issued_on=datetime.date(1990, 1, 2), subject="Quá xa")
    assert "nhiệm kỳ" in err.value.message


def test_issuer_code_must_match_the_issuer(board, tree):
    tree.q3.issuer_code = "QU"
    tree.q3.save()
    with pytest.raises(ApplicationError) as err:
        services.document_create(user=board, issuer=tree.q3, party_number="5-TB/TU",
                                 issued_on=datetime.date(2019, 5, 2), subject="Sai ký hiệu")
    assert err.value.code == "invalid_party_number"


def test_visibility_downwards_and_secret_documents(tree, q3_inspector):
    city_notice = DocumentFactory(issuer=tree.city, issuer_code="TU")
    city_secret = DocumentFactory(issuer=tree.city, issuer_code="TU", confidentiality=Confidentiality.SECRET)
    central = DocumentFactory(issuer=None, issuer_code="TW", doc_type="CT")
    own = DocumentFactory(issuer=tree.q3_ward, issuer_code="ĐU")
    cuchi = DocumentFactory(issuer=tree.cuchi, issuer_code="HU")
    visible = set(Document.objects.for_user(q3_inspector))
    assert visible == {city_notice, central, own}
    assert city_secret not in visible and cuchi not in visible


def test_search_ignores_diacritics():
    doc = DocumentFactory(subject="Thông báo kết luận kiểm tra Huyện ủy Củ Chi")
    assert list(Document.objects.search("huyen uy cu chi")) == [doc]

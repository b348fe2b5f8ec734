"""Bad input on cadres: codes compared after Unicode NFC, XLSX imports
bounded in size, zip content and rows before and while parsing."""
import io
import re
import time
import unicodedata
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cadres import services
from cadres.importing import import_workbook
from cadres.models import Cadre, CadreImport
from core.errors import ApplicationError
from core.services import SYSTEM
from organizations.choices import Role

from .factories import CadreFactory, TermFactory
from .test_import import GOOD_CADRE, workbook_bytes

pytestmark = pytest.mark.django_db
NFC_CODE = unicodedata.normalize("NFC", "CB-Hà-01")
NFD_CODE = unicodedata.normalize("NFD", NFC_CODE)


def test_cadre_codes_in_nfc_and_nfd_are_the_same_code(api, tree, make_user):
    assert NFC_CODE != NFD_CODE
    client = api.as_user(make_user(organizations=[tree.q3]))
    payload = {"full_name": "Lê Thị Mới", "birth_date": "1980-02-03", "gender": "female", "organization": tree.q3.pk}
    first = client.post("/api/v1/cadres/", {**payload, "code": NFC_CODE}, format="json")
    assert first.status_code == 201
    response = client.post("/api/v1/cadres/", {**payload, "code": NFD_CODE}, format="json")
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["existing_id"]) == (409, "duplicate", first.json()["id"])
    assert "code" in error["fields"]
    assert Cadre.objects.get().code == NFC_CODE


def test_the_service_stores_codes_in_nfc_and_refuses_the_other_form(tree):
    cadre = services.cadre_create(user=SYSTEM,
                                  code=NFD_CODE, full_name="Lê Thị Mới", birth_date="1980-02-03", gender="female",
                                  organization=tree.q3)
    assert Cadre.objects.get(pk=cadre.pk).code == NFC_CODE
    with pytest.raises(ApplicationError) as err:
        services.cadre_create(user=SYSTEM,
                              code=NFC_CODE, full_name="Người khác", birth_date="1981-02-03", gender="male",
                              organization=tree.q3)
    assert "code" in err.value.fields


def test_an_import_matches_a_code_in_the_other_unicode_form(tree):
    TermFactory()
    CadreFactory(code=NFC_CODE, organization=tree.q3, full_name="Nguyễn Thị Hoa")
    result = import_workbook(workbook_bytes(cadres=[(NFD_CODE,) + GOOD_CADRE[1:]]), user=SYSTEM)
    assert result.saved and result.counts["cadres"]["created"] == 0
    assert list(Cadre.objects.values_list("code", flat=True)) == [NFC_CODE]


def _rows_xml(rows):
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>CB{n:06d}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>Nguyễn Văn Số {n}</t></is></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>01/01/1980</t></is></c>'
        f'<c r="D{n}" t="inlineStr"><is><t>Nam</t></is></c>'
        f'<c r="F{n}" t="inlineStr"><is><t>q3</t></is></c></row>'
        for n in range(2, rows + 2)
    )
    return cells


def _with_many_rows(rows):
    """The import template whose "Cán bộ" sheet carries `rows` generated rows (the sheet XML rewritten)."""
    source = workbook_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head, _sep, rest = text.partition("<sheetData>")
                first_row_end = rest.index("</row>") + len("</row>")
                tail = rest[rest.index("</sheetData>"):]
                head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:L{rows + 1}"/>', head)
                data = (head + "<sheetData>" + rest[:first_row_end] + _rows_xml(rows) + tail).encode()
            zout.writestr(item, data)
    out.seek(0)
    return out


def test_a_small_file_that_expands_to_200000_rows_is_refused_at_once(tree):
    TermFactory()
    upload = _with_many_rows(200_000)
    assert upload.getbuffer().nbytes < 5 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ApplicationError) as err:
        import_workbook(upload, user=SYSTEM, filename="ds.xlsx")
    assert time.monotonic() - started < 3
    assert err.value.code == "import_too_large" and "MB" in err.value.message
    assert not Cadre.objects.exists()


def test_rows_beyond_the_limit_are_refused_while_reading(tree, settings):
    TermFactory()
    settings.MAX_IMPORT_ROWS = 5
    with pytest.raises(ApplicationError) as err:
        import_workbook(_with_many_rows(6), user=SYSTEM, filename="ds.xlsx")
    assert err.value.code == "import_too_many_rows" and "5" in err.value.message
    assert not Cadre.objects.exists()
    assert import_workbook(_with_many_rows(5), user=SYSTEM, filename="ds.xlsx").counts["cadres"]["rows"] == 5


def test_a_zip_with_too_many_entries_is_refused_before_parsing(tree):
    source = workbook_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        for n in range(5000):
            zout.writestr(f"xl/media/pad{n}.bin", b"")
    out.seek(0)
    with pytest.raises(ApplicationError) as err:
        import_workbook(out, user=SYSTEM, filename="ds.xlsx")
    assert err.value.code == "import_too_large"


def test_an_upload_above_the_size_limit_is_refused_before_parsing(tree, settings, make_user, client, tmp_path):
    TermFactory()
    settings.MAX_IMPORT_SIZE = 1024
    upload = workbook_bytes(cadres=[GOOD_CADRE])
    assert upload.getbuffer().nbytes > 1024
    with pytest.raises(ApplicationError) as err:
        import_workbook(upload, user=SYSTEM, filename="ds.xlsx")
    assert err.value.code == "import_too_large" and "MB" in err.value.message
    # the admin page shows it on the file field
    client.force_login(make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    upload.seek(0)
    upload.name = "ds.xlsx"
    page = client.post(reverse("admin:cadres_cadre_import"), {"file": upload})
    assert page.status_code == 200 and err.value.message in page.content.decode()
    # and the command stops with the same message
    path = tmp_path / "ds.xlsx"
    path.write_bytes(upload.getvalue())
    with pytest.raises(CommandError, match="MB"):
        call_command("import_cadres", str(path))
    assert not Cadre.objects.exists() and not CadreImport.objects.exists()

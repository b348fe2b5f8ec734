"""XLSX import: messages per bad row, all-or-nothing, only-valid (logged), idempotent, scoped."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cadres.choices import PlanningStatus, TheoryLevel, TrainingStatus
from cadres.importing import build_template, import_workbook
from cadres.models import Cadre, CadreImport, PlanningEntry, TrainingRecord
from core.services import SYSTEM
from tests.organizations.factories import TermFactory

from .factories import TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(tree):
    TermFactory(start_year=2020)
    return {"title": TitleFactory(code="upper-pho-bi-thu", name="Phó Bí thư")}


def workbook_bytes(cadres=(), planning=(), training=()):
    stream = io.BytesIO()
    build_template(stream)
    stream.seek(0)
    workbook = load_workbook(stream)
    for title, rows in (("Cán bộ", cadres), ("Quy hoạch", planning), ("Đào tạo", training)):
        for row in rows:
            workbook[title].append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


GOOD_CADRE = ("CB001", "Nguyễn Thị Hoa", datetime.date(1978, 8, 15), "Nữ", "Kinh", "q3", "03/02/2005", "Trung cấp",
              "10/06/2012",
              "Đại học", "Chuyên viên")
GOOD_PLAN = ("CB001", "upper-pho-bi-thu", "q3", "2020-2025", "15-QĐ/QU", "", "01/03/2018", "01/04/2018")
GOOD_TRAINING = ("CB001", "Lý luận chính trị", "Cao cấp", "Cao cấp LLCT hệ không tập trung",
                 "Học viện Chính trị khu vực II", "01/03/2019", "", "Đang học")


def bad_file():
    return workbook_bytes(
        cadres=[
            GOOD_CADRE,
            ("CB002", "Trần Văn Sai", "31/02/1980", "Nam", "", "q3"),
            ("CB001", "Lê Văn Trùng", "01/01/1980", "Nam", "", "q3"),
            ("CB003", "", "01/01/1981", "Nam", "", "q3"),
        ],
        planning=[GOOD_PLAN, ("CB001", "khong-co", "q3", "2020-2025", "", "", "01/03/2018")],
        training=[GOOD_TRAINING],
    )


def test_template_has_vietnamese_headers(refs):
    stream = io.BytesIO()
    build_template(stream)
    stream.seek(0)
    workbook = load_workbook(stream)
    assert workbook.sheetnames[:3] == ["Cán bộ", "Quy hoạch", "Đào tạo"]
    headers = [cell.value for cell in workbook["Cán bộ"][1]]
    assert headers[:4] == ["Mã cán bộ (*)", "Họ và tên (*)", "Ngày sinh (*)", "Giới tính (*)"]
    titles = [row[0] for row in workbook["Danh mục chức danh"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["upper-pho-bi-thu"]


def test_bad_rows_are_reported_and_nothing_is_saved(refs):
    result = import_workbook(bad_file(), user=SYSTEM, filename="ds.xlsx")
    assert not result.saved
    assert [(e.sheet, e.row, e.message) for e in result.errors] == [
        ("Cán bộ", 3, "“Ngày sinh” không phải ngày hợp lệ: “31/02/1980” (dạng dd/mm/yyyy)."),
        ("Cán bộ", 4, "Mã cán bộ “CB001” trùng với dòng 2."),
        ("Cán bộ", 5, "Thiếu “Họ và tên”."),
        ("Quy hoạch", 3, "Không có chức danh mã “khong-co”."),
    ]
    assert (Cadre.objects.count(), PlanningEntry.objects.count(), TrainingRecord.objects.count()) == (0, 0, 0)
    log = CadreImport.objects.get()
    assert (log.saved, log.only_valid, len(log.errors)) == (False, False, 4)


def test_only_valid_rows_when_asked_and_logged(refs, tree):
    result = import_workbook(bad_file(), user=SYSTEM, only_valid=True, filename="ds.xlsx")
    assert result.saved and len(result.errors) == 4
    cadre = Cadre.objects.get()
    assert (cadre.code, cadre.full_name, cadre.organization, cadre.theory_level, cadre.birth_date) == (
        "CB001", "Nguyễn Thị Hoa", tree.q3, TheoryLevel.INTERMEDIATE, datetime.date(1978, 8, 15))
    entry = PlanningEntry.objects.get()
    assert (entry.status, entry.approved_on, entry.title.code) == (
        PlanningStatus.APPROVED, datetime.date(2018, 4, 1), "upper-pho-bi-thu")
    assert TrainingRecord.objects.get().status == TrainingStatus.STUDYING
    assert result.counts["cadres"] == {"rows": 4, "rejected": 3, "created": 1, "updated": 0, "unchanged": 0}
    log = CadreImport.objects.get()
    assert log.saved and log.only_valid and {e["row"] for e in log.errors} == {3, 4, 5}


def test_reimport_creates_nothing_and_updates_changes(refs):
    def good(name="Nguyễn Thị Hoa"):
        return workbook_bytes(cadres=[GOOD_CADRE[:1] + (name,) + GOOD_CADRE[2:]], planning=[GOOD_PLAN],
                              training=[GOOD_TRAINING])

    first = import_workbook(good(), user=SYSTEM)
    assert first.saved and first.counts["planning"]["created"] == 1
    history = Cadre.history.count() + PlanningEntry.history.count() + TrainingRecord.history.count()
    second = import_workbook(good(), user=SYSTEM)
    assert [c["unchanged"] for c in second.counts.values()] == [1, 1, 1]
    assert (Cadre.objects.count(), PlanningEntry.objects.count(), TrainingRecord.objects.count()) == (1, 1, 1)
    assert Cadre.history.count() + PlanningEntry.history.count() + TrainingRecord.history.count() == history
    third = import_workbook(good("Nguyễn Thị Hoa Mai"), user=SYSTEM)
    assert third.counts["cadres"]["updated"] == 1
    assert Cadre.objects.get().full_name == "Nguyễn Thị Hoa Mai"


def test_import_respects_the_user_scope(refs, tree, make_user):
    user = make_user(organizations=[tree.cuchi])
    result = import_workbook(workbook_bytes(cadres=[GOOD_CADRE]), user=user)
    assert [e.message for e in result.errors] == ["Mã tổ chức “q3” không tồn tại hoặc ngoài phạm vi của bạn."]
    assert not Cadre.objects.exists()


def test_planning_row_of_a_rejected_cadre_is_rejected(refs):
    result = import_workbook(
        workbook_bytes(cadres=[("CB009", "", "01/01/1980", "Nam", "", "q3")],
                       planning=[("CB009",) + GOOD_PLAN[1:]]),
        only_valid=True, user=SYSTEM,
    )
    assert [(e.sheet, e.message) for e in result.errors] == [
        ("Cán bộ", "Thiếu “Họ và tên”."), ("Quy hoạch", "Mã cán bộ “CB009” có lỗi ở sheet “Cán bộ”."),
    ]
    assert not PlanningEntry.objects.exists()


def test_not_an_xlsx_file(refs):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError) as err:
        import_workbook(io.BytesIO(b"not a spreadsheet"), user=SYSTEM)
    assert err.value.code == "bad_file"


def test_management_commands(refs, tmp_path):
    template = tmp_path / "mau.xlsx"
    call_command("cadre_import_template", str(template))
    assert load_workbook(template).sheetnames[0] == "Cán bộ"
    path = tmp_path / "ds.xlsx"
    path.write_bytes(bad_file().getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 invalid rows"):
        call_command("import_cadres", str(path), stdout=out)
    assert "dòng 4: Mã cán bộ “CB001” trùng với dòng 2." in out.getvalue()
    assert not Cadre.objects.exists()
    call_command("import_cadres", str(path), "--only-valid", stdout=io.StringIO())
    assert list(Cadre.objects.values_list("code", flat=True)) == ["CB001"]

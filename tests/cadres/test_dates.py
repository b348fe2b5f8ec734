"""Dates in the XLSX import (file, admin and command doors): a text cell
"07/12/1978" is 7 December 1978, a month-first "12/31/1978" is refused with
the expected form. (The importer already read text cells day-first; these
tests keep it so, next to the other doors' tests in */test_dates.py.)"""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from cadres.importing import import_workbook
from cadres.models import Cadre, PlanningEntry
from core.services import SYSTEM

from .factories import TermFactory, TitleFactory
from .test_import import GOOD_CADRE, GOOD_PLAN, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(tree):
    TermFactory(start_year=2020)
    return {"title": TitleFactory(code="upper-pho-bi-thu", name="Phó Bí thư")}


def _cadre(birth="07/12/1978", joined="03/02/2005"):
    return GOOD_CADRE[:2] + (birth,) + GOOD_CADRE[3:6] + (joined,) + GOOD_CADRE[7:]


def test_text_cells_are_read_day_first(refs):
    plan = GOOD_PLAN[:6] + ("7/3/2018", "01/04/2018")
    result = import_workbook(workbook_bytes(cadres=[_cadre()], planning=[plan]), filename="ds.xlsx", user=SYSTEM)
    assert result.saved, result.errors
    cadre = Cadre.objects.get()
    assert (cadre.birth_date, cadre.party_joined_on) == (datetime.date(1978, 12, 7), datetime.date(2005, 2, 3))
    entry = PlanningEntry.objects.get()
    assert (entry.added_on, entry.approved_on) == (datetime.date(2018, 3, 7), datetime.date(2018, 4, 1))


def test_month_first_text_is_refused_with_the_expected_form(refs):
    result = import_workbook(workbook_bytes(cadres=[_cadre(birth="12/31/1978")]), user=SYSTEM, filename="ds.xlsx")
    assert not result.saved
    assert [(e.row, e.message) for e in result.errors] == [
        (2, "“Ngày sinh” không phải ngày hợp lệ: “12/31/1978” (dạng dd/mm/yyyy).")]
    assert not Cadre.objects.exists()


def test_the_command_reads_day_first(refs, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook_bytes(cadres=[_cadre()]).getvalue())
    call_command("import_cadres", str(path), stdout=io.StringIO())
    assert Cadre.objects.get().birth_date == datetime.date(1978, 12, 7)
    path.write_bytes(workbook_bytes(cadres=[_cadre(joined="12/31/2005")]).getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cadres", str(path), stdout=out)
    assert "12/31/2005" in out.getvalue() and "dd/mm/yyyy" in out.getvalue()

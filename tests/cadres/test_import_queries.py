"""The import is set-based (#18: a 10,000-row import under 30 s): checking and
saving 2N rows sends the same statements as N rows, for new rows and for
changed ones, and the history and the change feed still get one row per record."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.importing import import_workbook
from cadres.models import Cadre, PlanningEntry, TrainingRecord
from core.changes import Change
from core.services import SYSTEM

from .test_import import refs, workbook_bytes  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def rows(prefix, n, name="Nguyễn Thị Hoa"):
    cadres = [(f"{prefix}{i:04d}", f"{name} {i}", datetime.date(1978, 8, 15), "Nữ", "Kinh", "q3", "03/02/2005",
               "Trung cấp", "10/06/2012", "Đại học", "") for i in range(n)]
    planning = [(f"{prefix}{i:04d}", "upper-pho-bi-thu", "q3", "2020-2025", "15-QĐ/QU", "", "01/03/2018",
                 "01/04/2018") for i in range(n)]
    training = [(f"{prefix}{i:04d}", "Lý luận chính trị", "Cao cấp", f"Khóa {i}", "Học viện", "01/03/2019", "",
                 "Đang học") for i in range(n)]
    return {"cadres": cadres, "planning": planning, "training": training}


def statements(upload):
    with CaptureQueriesContext(connection) as queries:
        result = import_workbook(upload, user=SYSTEM, filename="ds.xlsx")
    assert result.saved and not result.errors, result.errors
    return len(queries), result


def test_new_rows_cost_the_same_statements_at_n_and_2n(refs):  # noqa: F811
    small, _ = statements(workbook_bytes(**rows("A", 3)))
    large, result = statements(workbook_bytes(**rows("B", 6)))
    assert result.counts["cadres"]["created"] == result.counts["planning"]["created"] == 6
    assert large == small, f"{small} statements for 3 rows a sheet, {large} for 6"
    assert small < 40


def test_changed_rows_cost_the_same_statements_at_n_and_2n(refs):  # noqa: F811
    import_workbook(workbook_bytes(**rows("A", 3)), user=SYSTEM)
    import_workbook(workbook_bytes(**rows("B", 6)), user=SYSTEM)
    small, _ = statements(workbook_bytes(**rows("A", 3, name="Trần Văn Đổi")))
    large, result = statements(workbook_bytes(**rows("B", 6, name="Trần Văn Đổi")))
    assert result.counts["cadres"]["updated"] == 6 and result.counts["planning"]["unchanged"] == 6
    assert large == small, f"{small} statements for 3 changed rows, {large} for 6"


def test_the_audit_trail_keeps_one_row_per_record(refs):  # noqa: F811
    import_workbook(workbook_bytes(**rows("A", 4)), user=SYSTEM, filename="ds.xlsx")
    assert Cadre.history.filter(history_type="+").count() == 4
    assert PlanningEntry.history.count() == TrainingRecord.history.count() == 4
    assert Cadre.history.first().history_request == "Nhập từ tệp ds.xlsx"
    feed = Change.objects.filter(model="cadres.cadre")
    assert feed.count() == 4 and all(change.scopes.filter(path=refs_q3_path()).exists() for change in feed)
    import_workbook(workbook_bytes(**rows("A", 4, name="Trần Văn Đổi")), user=SYSTEM)
    assert Cadre.history.filter(history_type="~").count() == 4
    assert Change.objects.filter(model="cadres.cadre", action="updated").count() == 4
    assert Cadre.objects.search("tran van doi").count() == 4  # the search column follows the bulk update


def refs_q3_path():
    return Cadre.objects.first().organization.path


def test_a_check_constraint_is_reported_without_a_query(refs):  # noqa: F811
    """Party admission before birth: the model's check constraint, read in Python."""
    bad = list(rows("A", 1)["cadres"][0])
    bad[6] = "01/01/1970"
    result = import_workbook(workbook_bytes(cadres=[bad]), user=SYSTEM)
    assert not result.saved and len(result.errors) == 1

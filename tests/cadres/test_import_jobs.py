"""Large imports go to the worker with a progress record (#10): small files
stay in the request (201), files above IMPORT_ASYNC_ROWS / IMPORT_ASYNC_BYTES
are stored and imported by the task (202), followed on a page and an API
endpoint by the uploader only, saved in one transaction or not at all."""
import io
import os
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cadres import import_jobs, importing
from cadres.import_jobs import Progress, import_fail_stale
from cadres.importing import import_workbook
from cadres.models import Cadre, CadreImport, ImportStage, PlanningEntry
from core.services import SYSTEM
from organizations.choices import Role

from .test_import import GOOD_CADRE, GOOD_PLAN, GOOD_TRAINING, refs, workbook_bytes  # noqa: F401  (the fixture)
from .test_import_queries import rows

pytestmark = pytest.mark.django_db
URL = "/api/v1/cadre-imports/"


@pytest.fixture
def inspector(tree, make_user):
    return make_user(Role.INSPECTOR, [tree.q3])


@pytest.fixture
def large(settings):
    """Any file with more than 2 declared data rows goes to the worker."""
    settings.IMPORT_ASYNC_ROWS = 2


def upload(stream, name="ds.xlsx"):
    stream.name = name
    return stream


def post(api, user, stream, **data):
    return api.as_user(user).post(URL, {"file": upload(stream), **data}, format="multipart")


def test_a_small_file_is_imported_in_the_request(api, refs, inspector):  # noqa: F811
    response = post(api, inspector, workbook_bytes(cadres=[GOOD_CADRE]))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["saved"], body["percent"]) == ("done", True, 100)
    assert body["counts"]["cadres"]["created"] == 1 and not CadreImport.objects.get().file
    assert Cadre.objects.filter(code="CB001").exists()


def test_a_large_file_is_queued_run_by_the_task_and_followed(api, refs, inspector, large,  # noqa: F811
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        response = post(api, inspector, workbook_bytes(**rows("A", 5)))
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "queued" and not Cadre.objects.exists()
    run = CadreImport.objects.get()
    assert response["Location"].endswith(f"{URL}{run.pk}/") and run.file.name.endswith(".xlsx")
    stored = run.file.path
    assert len(sent) == 1
    sent[0]()  # the message reaches the (eager) worker
    detail = api.get(f"{URL}{run.pk}/").json()
    assert (detail["status"], detail["saved"], detail["rows_done"], detail["rows_total"]) == ("done", True, 15, 15)
    assert detail["counts"]["planning"]["created"] == 5 and Cadre.objects.count() == 5
    run.refresh_from_db()
    assert not run.file and not os.path.exists(stored)  # the upload is not kept


def test_bytes_alone_send_a_file_to_the_worker(refs, inspector, settings):  # noqa: F811
    settings.IMPORT_ASYNC_BYTES = 1000
    stream = workbook_bytes(cadres=[GOOD_CADRE])
    assert import_jobs.needs_worker(stream)
    settings.IMPORT_ASYNC_BYTES = 10**7
    assert not import_jobs.needs_worker(stream)


def test_row_errors_of_a_worker_run_are_listed_and_nothing_is_saved(api, refs, inspector, large,  # noqa: F811
                                                                      django_capture_on_commit_callbacks):
    bad = rows("A", 4)
    bad["cadres"][2] = ("A0002", "", "31/02/1980", "Nam", "", "q3")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, inspector, workbook_bytes(**bad))
    assert response.status_code == 202
    body = api.get(response["Location"]).json()
    assert (body["status"], body["saved"]) == ("done", False)
    assert {"sheet": "Cán bộ", "row": 4, "message": "Thiếu “Họ và tên”."} in body["errors"]
    assert not Cadre.objects.exists() and not PlanningEntry.objects.exists()


def test_a_failure_while_saving_leaves_nothing_half_saved(api, refs, inspector, large,  # noqa: F811
                                                          django_capture_on_commit_callbacks):
    real = importing.bulk_save_audited

    def fail_on_training(model, *args, **kwargs):
        if model.__name__ == "TrainingRecord":
            raise RuntimeError("disk full")
        return real(model, *args, **kwargs)

    with mock.patch("cadres.importing.bulk_save_audited", fail_on_training), \
            django_capture_on_commit_callbacks(execute=True):
        response = post(api, inspector, workbook_bytes(**rows("A", 3)))
    body = api.get(response["Location"]).json()
    assert body["status"] == "failed" and "không dòng nào được ghi" in body["error"] and "disk full" in body["error"]
    assert not Cadre.objects.exists() and not PlanningEntry.objects.exists()  # the cadres were rolled back
    assert not CadreImport.objects.get().file


def test_only_the_uploader_follows_a_run(api, refs, inspector, make_user, tree, large):  # noqa: F811
    response = post(api, inspector, workbook_bytes(**rows("A", 3)))
    run_url = response["Location"]
    colleague = make_user(Role.INSPECTOR, [tree.q3])
    assert api.as_user(colleague).get(run_url).status_code == 404
    assert api.as_user(colleague).get(URL).json()["count"] == 0
    assert api.as_user(inspector).get(URL).json()["count"] == 1
    api.force_authenticate(None)
    assert api.get(run_url).status_code == 401 and api.post(URL, {}).status_code == 401


def test_a_reader_cannot_import(api, refs, tree, make_user):  # noqa: F811
    leader = make_user(Role.LEADER, [tree.q3])
    response = post(api, leader, workbook_bytes(cadres=[GOOD_CADRE]))
    assert response.status_code == 403 and not CadreImport.objects.exists()


def test_a_bomb_is_refused_before_anything_is_stored(api, refs, inspector, large, settings):  # noqa: F811
    settings.MAX_IMPORT_UNCOMPRESSED_SIZE = 2000
    response = post(api, inspector, workbook_bytes(**rows("A", 50)))
    assert response.status_code == 413 and response.json()["error"]["code"] == "import_too_large"
    assert not CadreImport.objects.exists()


def test_an_exe_renamed_xlsx_is_refused(api, refs, inspector):  # noqa: F811
    response = post(api, inspector, io.BytesIO(b"MZ\x90\x00" + b"\x00" * 600), name="ds.xlsx")
    assert response.status_code == 400 and not CadreImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_queue_refusing_the_run_fails_it_with_the_reason(api, refs, inspector, large, broker_down):  # noqa: F811
    """As in production: the after-commit send runs inside the request (no test transaction defers it)."""
    response = post(api, inspector, workbook_bytes(**rows("A", 3)))
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "failed" and body["error"].startswith("Không gửi được tệp tới hàng đợi xử lý: ")
    assert not CadreImport.objects.filter(status="queued").exists() and not CadreImport.objects.get().file


def test_a_run_without_heartbeat_is_failed_by_the_sweeper(refs, inspector):  # noqa: F811
    old = timezone.now() - timezone.timedelta(hours=1)
    lost = CadreImport.objects.create(user=inspector, filename="ds.xlsx", status="running", heartbeat_at=old)
    alive = CadreImport.objects.create(user=inspector, filename="ds.xlsx", status="running",
                                       heartbeat_at=timezone.now())
    assert import_fail_stale() == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == "failed" and "Không có tín hiệu" in lost.error
    assert CadreImport.objects.get(pk=alive.pk).status == "running"
    assert import_jobs.import_run(lost.pk) is None  # a redelivered message finds it finished


def test_progress_is_recorded_per_stage(refs, inspector):  # noqa: F811
    run = CadreImport.objects.create(user=inspector, filename="ds.xlsx", status="running")
    heard = []
    progress = Progress(run)

    def spy(stage, done, total):
        heard.append((stage, done, total))
        progress(stage, done, total)

    import_workbook(workbook_bytes(**rows("A", 4)), user=inspector, log=run, progress=spy)
    assert [h[0] for h in heard[:4]] == [ImportStage.READING] * 4
    assert (ImportStage.CHECKING, 0, 12) in heard and (ImportStage.SAVING, 0, 12) in heard
    run.refresh_from_db()
    assert (run.status, run.rows_done, run.rows_total, run.percent) == ("done", 12, 12, 100)


def test_the_admin_sends_a_large_file_to_the_progress_page(client, refs, inspector, make_user, tree,  # noqa: F811
                                                           large, django_capture_on_commit_callbacks):
    client.force_login(inspector)
    with django_capture_on_commit_callbacks() as sent:
        page = client.post(reverse("admin:cadres_cadre_import"), {"file": upload(workbook_bytes(**rows("A", 3)))})
    run = CadreImport.objects.get()
    assert page.status_code == 302 and page.url == reverse("admin:cadres_cadre_import_progress", args=[run.pk])
    waiting = client.get(page.url).content.decode()
    assert 'http-equiv="refresh"' in waiting and "Đang chờ xử lý" in waiting
    sent[0]()
    done = client.get(page.url).content.decode()
    assert 'http-equiv="refresh"' not in done and "Đã ghi dữ liệu." in done and "Thêm mới" in done
    client.force_login(make_user(Role.INSPECTOR, [tree.q3]))
    assert client.get(page.url).status_code == 404


def test_the_list_costs_the_same_queries_for_one_run_and_three(api, refs, inspector):  # noqa: F811
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.as_user(inspector).get(URL).status_code == 200
        return len(queries)

    CadreImport.objects.create(user=inspector, filename="a.xlsx", errors=[{"sheet": "Cán bộ", "row": 2,
                                                                           "message": "x"}])
    one = count()
    for name in ("b.xlsx", "c.xlsx"):
        CadreImport.objects.create(user=inspector, filename=name)
    assert count() == one


def test_the_sync_import_still_works_with_system(refs):  # noqa: F811
    result = import_workbook(workbook_bytes(cadres=[GOOD_CADRE], planning=[GOOD_PLAN], training=[GOOD_TRAINING]),
                             user=SYSTEM)
    assert result.saved and result.log.status == "done"

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspection import services
from inspection.choices import InspectionStatus, RequirementStatus
from inspection.models import FindingAttachment, Inspection, ProgressReport, RemediationRequirement
from organizations.models import User
from tests.organizations.factories import TermFactory

from .endpoints import ENDPOINTS
from .factories import D, pdf, topic, walk

pytestmark = pytest.mark.django_db
S = InspectionStatus
API = "/api/v1"
LISTS = [endpoint.path for endpoint in ENDPOINTS if endpoint.scoped]  # the app's spec, declared once


@pytest.fixture(autouse=True)
def terms(db):
    return TermFactory()


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response.json()


# --- the whole path through the API alone --------------------------------------------
def test_full_path_through_the_api(api, tree, board, cuchi_reporter):
    c = api.as_user(board)
    basis = ok(c.post(f"{API}/documents/", {"party_number": "3150-TB/TU", "issuer": tree.city.pk,
                                            "issued_on": "2019-03-29", "signer_title": "T/M BAN THƯỜNG VỤ",
                                            "subject": "Thông báo kết luận về công tác kiểm tra năm 2019"},
                      format="json"), 201)
    assert basis["number_display"] == "3150-TB/TU" and basis["term_name"] == "2015–2020"
    decision = ok(c.post(f"{API}/documents/", {"issuer_code": "BTCTU", "doc_type": "QĐ", "issued_on": "2019-04-22",
                                               "subject": "Quyết định thành lập đoàn"}, format="json"), 201)
    plan = ok(c.post(f"{API}/documents/", {"issuer_code": "BTCTU", "doc_type": "KH", "issued_on": "2019-04-22",
                                           "subject": "Kế hoạch kiểm tra", "bases": [basis["id"]]},
                     format="json"), 201)
    assert (decision["number_display"], plan["number_display"]) == ("01-QĐ/BTCTU", "01-KH/BTCTU")
    program = ok(c.post(f"{API}/programs/", {
        "authority": tree.city.pk, "year": 2019, "title": "Chương trình kiểm tra năm 2019",
        "basis_document": basis["id"],
        "new_items": [{"topic": "quality_rating", "title": "Kiểm tra xếp loại chất lượng năm 2018",
                       "target_organizations": [tree.q3.pk, tree.cuchi.pk], "responsible": tree.city.pk,
                       "planned_start": "2019-04-15", "planned_end": "2019-06-30"}]}, format="json"), 201)
    item = program["items"][0]
    inspection = ok(c.post(f"{API}/inspections/", {
        "code": "KT-2019-01", "title": "Kiểm tra xếp loại chất lượng năm 2018", "program_item": item["id"],
        "authority": tree.city.pk, "conducted_by": tree.city.pk, "form": "periodic", "topics": ["quality_rating"],
        "targets": [tree.q3.pk, tree.cuchi.pk], "team": [{"role": "head", "full_name": "Trần Văn Hùng"}],
        "decision_document": decision["id"], "plan_document": plan["id"], "period_start": "2018-01-01",
        "period_end": "2018-12-31", "planned_start": "2019-05-06", "planned_end": "2019-06-19"}, format="json"), 201)
    url = f"{API}/inspections/{inspection['id']}"
    assert inspection["status"] == "draft" and inspection["next_steps"] == ["cancelled", "decided"]
    assert ok(c.post(f"{url}/decide/", {"note": "Ban hành quyết định"}, format="json"))["status"] == "decided"
    assert ok(c.post(f"{url}/start/", {}, format="json"))["status"] == "in_progress"
    for org in (tree.q3, tree.cuchi):
        ok(c.post(f"{url}/self-reports/", {"organization": org.pk, "received_on": "2019-05-20", "file": pdf()},
                  format="multipart"), 201)
    findings = {}
    for org in (tree.q3, tree.cuchi):
        findings[org.pk] = ok(c.post(f"{API}/findings/", {
            "inspection": inspection["id"], "organization": org.pk, "topic": "quality_rating",
            "kind": "limitation", "severity": "moderate", "tags": ["tu-phe-binh-yeu"],
            "text": "Tinh thần tự phê bình và phê bình yếu."}, format="json"), 201)
    assert ok(c.post(f"{url}/report/", {}, format="json"))["status"] == "reporting"
    notice = ok(c.post(f"{API}/documents/", {"issuer": tree.city.pk, "issuer_code": "TU", "doc_type": "TB",
                                             "issued_on": "2019-07-02", "subject": "Thông báo kết luận kiểm tra"},
                       format="json"), 201)
    assert notice["number_display"] == "3151-TB/TU"
    conclusion = ok(c.post(f"{API}/conclusions/", {
        "inspection": inspection["id"], "document": notice["id"], "summary": "Kết luận chung",
        "sections": [{"organization": tree.q3.pk, "text": "Quận 3"}, {"organization": tree.cuchi.pk,
                                                                        "text": "Củ Chi"}]}, format="json"), 201)
    requirements = {}
    for org in (tree.q3, tree.cuchi):
        requirements[org.pk] = ok(c.post(f"{API}/remediation-requirements/", {
            "conclusion": conclusion["id"], "organization": org.pk, "text": "Có giải pháp khắc phục",
            "deadline": "2030-12-31", "findings": [findings[org.pk]["id"]]}, format="json"), 201)
    assert ok(c.post(f"{API}/conclusions/{conclusion['id']}/issue/"))["status"] == "issued"
    assert ok(c.get(f"{url}/"))["status"] == "concluded"
    assert ok(c.post(f"{url}/follow-up/", {}, format="json"))["status"] == "following_up"
    # The unit reporter of Củ Chi sends the report with a file; the Board verifies.
    reporter = api.as_user(cuchi_reporter)
    cuchi_req = requirements[tree.cuchi.pk]["id"]
    report = ok(reporter.post(f"{API}/progress-reports/", {"requirement": cuchi_req, "text": "Đã khắc phục",
                                                          "percent": 100, "files": [pdf()]}, format="multipart"), 201)
    assert report["attachments"][0]["name"] == "bao-cao.pdf" and len(report["attachments"][0]["sha256"]) == 64
    c = api.as_user(board)
    for req in requirements.values():
        if req["id"] != cuchi_req:
            services.progress_report_submit(user=board, requirement=RemediationRequirement.objects.get(pk=req["id"]),
                                            text="Đã khắc phục", percent=100)
        verified = ok(c.post(f"{API}/remediation-requirements/{req['id']}/verify/", {"comment": "Đạt"},
                             format="json"))
        assert verified["status"] == "verified"
    closed = ok(c.post(f"{url}/close/", {"note": "Lưu hồ sơ"}, format="json"))
    assert closed["status"] == "closed"
    assert [t["to_status"] for t in closed["transitions"]] == [
        "decided", "in_progress", "reporting", "concluded", "following_up", "closed"]
    timeline = ok(c.get(f"{API}/remediation-requirements/{cuchi_req}/timeline/"))
    assert [e["kind"] for e in timeline] == ["created", "issued", "progress_reported", "verified"]
    # Concluded today, so: done (and behind the 2019 plan) now; still late as of mid-July 2019.
    items = ok(c.get(f"{API}/program-items/"))["results"]
    assert (items[0]["plan_state"], items[0]["behind_plan"]) == ("done", True)
    assert ok(c.get(f"{API}/program-items/", {"as_of": "2019-07-15"}))["results"][0]["plan_state"] == "late"


# --- errors ---------------------------------------------------------------------------
def test_illegal_transition_is_a_structured_409(api, tree, board):
    out = walk(tree, board, targets=[tree.q3])
    body = ok(api.as_user(board).post(f"{API}/inspections/{out.inspection.pk}/conclude/", {}, format="json"), 409)
    assert body["error"]["code"] == "invalid_transition"
    assert "Dự thảo kế hoạch" in body["error"]["message"]
    assert "status" in body["error"]["fields"]


def test_malformed_party_number_is_a_structured_400(api, board):
    body = ok(api.as_user(board).post(f"{API}/documents/", {"party_number": "3150/TB-TU", "issued_on": "2019-03-29",
                                                            "subject": "Sai dạng"}, format="json"), 400)
    assert body["error"]["code"] == "invalid_party_number"
    assert "3150-TB/TU" in body["error"]["message"] and "party_number" in body["error"]["fields"]


def test_rejected_upload_is_a_structured_400(api, tree, board, cuchi_reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = walk(tree, board, targets=[tree.cuchi], status=S.CONCLUDED, deadline=D(2030, 1, 1))
    requirement = out.requirements[tree.cuchi.pk]
    body = ok(api.as_user(cuchi_reporter).post(f"{API}/progress-reports/", {
        "requirement": requirement.pk, "text": "x", "percent": 10,
        "files": [SimpleUploadedFile("macro.exe", b"MZ")]}, format="multipart"), 400)
    assert "chỉ nhận các loại" in body["error"]["message"]
    assert not ProgressReport.objects.exists()


# --- access (the generic checks of every endpoint: tests/inspection/endpoints.py) ----------------




def test_leader_cannot_run_workflow_steps(api, tree, board, leader):
    out = walk(tree, board, targets=[tree.q3], status=S.FOLLOWING_UP)
    client = api.as_user(leader)
    requirement = out.requirements[tree.q3.pk]
    for url in (f"inspections/{out.inspection.pk}/close/", f"conclusions/{out.conclusion.pk}/correct/",
                f"remediation-requirements/{requirement.pk}/verify/", f"findings/{out.findings[tree.q3.pk].pk}/"):
        method = client.delete if url.startswith("findings") else client.post
        assert method(f"{API}/{url}").status_code == 403, url


def test_reporter_may_report_but_not_write_findings(api, tree, board, cuchi_reporter):
    out = walk(tree, board, targets=[tree.cuchi], status=S.IN_PROGRESS)
    response = api.as_user(cuchi_reporter).post(f"{API}/findings/", {
        "inspection": out.inspection.pk, "organization": tree.cuchi.pk, "topic": "quality_rating",
        "kind": "strength", "text": "x"}, format="json")
    assert response.status_code == 403


def test_another_subtree_is_not_found(api, tree, board, q3_inspector):
    cuchi_only = walk(tree, board, targets=[tree.cuchi], status=S.FOLLOWING_UP, code="KT-CC")
    client = api.as_user(q3_inspector)
    finding = cuchi_only.findings[tree.cuchi.pk]
    requirement = cuchi_only.requirements[tree.cuchi.pk]
    for url in (f"inspections/{cuchi_only.inspection.pk}/", f"findings/{finding.pk}/",
                f"conclusions/{cuchi_only.conclusion.pk}/", f"remediation-requirements/{requirement.pk}/"):
        assert client.get(f"{API}/{url}").status_code == 404, url
        assert client.patch(f"{API}/{url}", {"text": "x", "title": "x"}, format="json").status_code == 404, url
        assert client.delete(f"{API}/{url}").status_code == 404, url
    assert client.post(f"{API}/inspections/{cuchi_only.inspection.pk}/close/").status_code == 404
    assert client.post(f"{API}/remediation-requirements/{requirement.pk}/verify/").status_code == 404
    for endpoint in LISTS:
        if endpoint != "documents":  # documents follow their issuer, not the inspection (test_documents)
            assert ok(client.get(f"{API}/{endpoint}/"))["count"] == 0, endpoint


def test_cannot_create_for_another_subtree(api, tree, board, q3_inspector, q3_reporter):
    joint = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING)
    body = ok(api.as_user(q3_inspector).post(f"{API}/findings/", {
        "inspection": joint.inspection.pk, "organization": tree.cuchi.pk, "topic": "quality_rating",
        "kind": "strength", "text": "Ghi hộ Củ Chi"}, format="json"), 400)
    assert "organization" in body["error"]["fields"]
    done = walk(tree, board, targets=[tree.cuchi], status=S.CONCLUDED, code="KT-CC", deadline=D(2030, 1, 1))
    body = ok(api.as_user(q3_reporter).post(f"{API}/progress-reports/", {
        "requirement": done.requirements[tree.cuchi.pk].pk, "text": "x", "percent": 100}, format="json"), 400)
    assert "requirement" in body["error"]["fields"]
    assert not ProgressReport.objects.exists()


def test_joint_inspection_shows_only_the_users_own_findings_and_sections(api, tree, board, make_user):
    from organizations.choices import Role

    joint = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.CONCLUDED)
    cuchi_leader = make_user(role=Role.LEADER, organizations=[tree.cuchi])
    client = api.as_user(cuchi_leader)
    assert ok(client.get(f"{API}/inspections/{joint.inspection.pk}/"))["code"] == joint.inspection.code
    findings = ok(client.get(f"{API}/findings/"))["results"]
    assert [f["organization"] for f in findings] == [tree.cuchi.pk]
    sections = ok(client.get(f"{API}/conclusions/{joint.conclusion.pk}/"))["sections"]
    assert [s["organization"] for s in sections] == [tree.cuchi.pk]
    requirements = ok(client.get(f"{API}/remediation-requirements/"))["results"]
    assert [r["organization"] for r in requirements] == [tree.cuchi.pk]


# --- filters ----------------------------------------------------------------------------
def test_requirement_filters(api, tree, board):
    past = walk(tree, board, targets=[tree.q3], status=S.CONCLUDED, deadline=D(2019, 12, 31), code="KT-A")
    future = walk(tree, board, targets=[tree.cuchi], status=S.CONCLUDED, deadline=D(2030, 6, 30), code="KT-B")
    c = api.as_user(board)

    def ids(**params):
        return {r["id"] for r in ok(c.get(f"{API}/remediation-requirements/", params))["results"]}

    old, new = past.requirements[tree.q3.pk].pk, future.requirements[tree.cuchi.pk].pk
    assert ids(overdue="true") == {old} and ids(overdue="false") == {new}
    assert ids(deadline_after="2020-01-01") == {new} and ids(deadline_before="2020-01-01") == {old}
    assert ids(within=tree.cuchi.pk) == {new}
    assert ids(status=RequirementStatus.OPEN) == {old, new}
    assert ids(topic="quality_rating") == {old, new} and ids(topic="training") == set()
    assert ids(q="khac phuc han che o quan uy quan 3") == {old}
    assert ids(year=2019) == {old, new} and ids(year=2020) == set()


def test_finding_and_inspection_filters(api, tree, board):
    walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING)
    c = api.as_user(board)
    findings = ok(c.get(f"{API}/findings/", {"q": "tu phe binh", "within": tree.q3.pk}))["results"]
    assert [f["organization"] for f in findings] == [tree.q3.pk]
    assert ok(c.get(f"{API}/findings/", {"tag": "tu-phe-binh-yeu"}))["count"] == 2
    assert ok(c.get(f"{API}/findings/", {"kind": "strength"}))["count"] == 0
    assert ok(c.get(f"{API}/inspections/", {"status": "reporting", "topic": "quality_rating"}))["count"] == 1
    assert ok(c.get(f"{API}/inspections/", {"organization": tree.q3_ward.pk}))["count"] == 0
    assert ok(c.get(f"{API}/inspections/", {"within": tree.q3.pk}))["count"] == 1
    recurring = ok(c.get(f"{API}/findings/recurring/", {"min_organizations": 2}))
    assert recurring == [{"topic": "quality_rating", "topic_name": topic().name, "tag": "tu-phe-binh-yeu",
                          "tag_name": "tu-phe-binh-yeu", "organizations": 2, "years": 1, "findings": 2}]


def test_program_item_state_against_the_plan(api, tree, board):
    program = services.program_create(
        user=board, authority=tree.city, year=2019, title="CT 2019",
        items=[{"topic": topic(), "title": "Làm đúng hạn", "responsible": tree.city, "target_organizations": [tree.q3],
                "planned_start": D(2019, 5, 1), "planned_end": D(2019, 6, 30)},
               {"topic": topic(), "title": "Chưa làm", "responsible": tree.city, "target_organizations": [tree.q3],
                "planned_start": D(2019, 7, 1), "planned_end": D(2019, 9, 30)}])
    on_time, never = program.items.order_by("pk")
    walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS, program_item=on_time)  # started 6/5/2019
    c = api.as_user(board)

    def states(as_of):
        rows = ok(c.get(f"{API}/program-items/", {"as_of": as_of}))["results"]
        return {r["title"]: (r["plan_state"], r["behind_plan"]) for r in rows}

    assert states("2019-04-01") == {"Làm đúng hạn": ("not_started", False), "Chưa làm": ("not_started", False)}
    assert states("2019-06-01") == {"Làm đúng hạn": ("on_schedule", False), "Chưa làm": ("not_started", False)}
    assert states("2019-08-01") == {"Làm đúng hạn": ("late", True), "Chưa làm": ("late", True)}
    late = ok(c.get(f"{API}/program-items/", {"as_of": "2019-08-01", "state": "late"}))["count"]
    assert late == 2 and ok(c.get(f"{API}/program-items/", {"as_of": "2019-06-01", "behind_plan": "false"}))[
        "count"] == 2


def test_document_lookup_by_party_number_and_next_number(api, board, tree):
    c = api.as_user(board)
    ok(c.post(f"{API}/documents/", {"party_number": "35-CT/TW", "issued_on": "2019-05-30", "subject": "Chỉ thị 35"},
              format="json"), 201)
    assert ok(c.get(f"{API}/documents/", {"party_number": "35-CT/TW"}))["count"] == 1
    assert ok(c.get(f"{API}/documents/", {"party_number": "35/CT-TW"}))["count"] == 0
    nxt = ok(c.get(f"{API}/documents/next-number/", {"issuer_code": "TW", "doc_type": "CT",
                                                       "term": TermFactory().pk}))
    assert nxt == {"number": 36, "number_display": "36-CT/TW"}


# --- query counts ---------------------------------------------------------------------------
def _one_set(tree, board, cuchi_reporter, n):
    program = services.program_create(
        user=board, authority=tree.city, year=2019, title=f"Chương trình {n}",
        items=[{"topic": topic(), "title": f"Nội dung {n}", "responsible": tree.city,
                "target_organizations": [tree.cuchi], "planned_start": D(2019, 5, 1), "planned_end": D(2019, 6, 30)}])
    out = walk(tree, board, targets=[tree.cuchi], status=S.FOLLOWING_UP, code=f"KT-{n:03d}",
               program_item=program.items.get(), deadline=D(2030, 1, 1))
    requirement = out.requirements[tree.cuchi.pk]
    attachment = FindingAttachment(finding=out.findings[tree.cuchi.pk], file=pdf())  # set-up only: findings are frozen
    attachment.full_clean()
    attachment.save()
    services.progress_report_submit(user=cuchi_reporter, requirement=requirement, text="40%", percent=40,
                                    files=[pdf()])
    services.extension_request(user=cuchi_reporter, requirement=requirement, requested_deadline=D(2031, 1, 1),
                               reason="Đại hội")


def _counts(api, board):
    counts, sizes = {}, {}
    client = api.as_user(User.objects.get(pk=board.pk))  # a fresh user: nothing cached between the two rounds
    for endpoint in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            body = ok(client.get(f"{API}/{endpoint}/"))
        counts[endpoint], sizes[endpoint] = len(ctx.captured_queries), body["count"]
    return counts, sizes


def test_list_query_counts_do_not_grow_with_rows(api, tree, board, cuchi_reporter):
    _one_set(tree, board, cuchi_reporter, 0)
    counts_1, sizes_1 = _counts(api, board)
    for n in range(1, 20):
        _one_set(tree, board, cuchi_reporter, n)
    counts_20, sizes_20 = _counts(api, board)
    assert all(sizes_20[e] == 20 * sizes_1[e] for e in LISTS), (sizes_1, sizes_20)
    assert counts_20 == counts_1
    assert Inspection.objects.count() == 20


def test_team_members_may_be_cadres_in_scope(api, tree, q3_inspector):
    from tests.cadres.factories import CadreFactory

    own = CadreFactory(full_name="Võ Thị Mai", organization=tree.q3_ward)
    other = CadreFactory(full_name="Lê Văn Tư", organization=tree.cuchi)
    payload = {
        "code": "KT-TEAM", "title": "Kiểm tra thử", "authority": tree.q3.pk, "conducted_by": tree.q3.pk,
        "form": "periodic", "topics": ["cell_meetings"], "targets": [tree.q3_ward.pk],
        "period_start": "2019-01-01", "period_end": "2019-12-31",
    }
    client = api.as_user(q3_inspector)
    refused = client.post(f"{API}/inspections/", {**payload, "team": [{"role": "head", "cadre": other.pk}]},
                          format="json")
    assert refused.status_code == 400
    created = ok(client.post(f"{API}/inspections/", {**payload, "team": [{"role": "head", "cadre": own.pk}]},
                             format="json"), 201)
    assert created["team"] == [{"role": "head", "user": None, "cadre": own.pk, "full_name": "Võ Thị Mai",
                                "position": ""}]

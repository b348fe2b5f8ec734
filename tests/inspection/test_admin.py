"""The admin door: data administration with the same services and the same
scope as the API; the workflow steps are the actions generated from the tables."""
import datetime

import pytest
from django import forms
from django.utils import timezone

from inspection import services
from inspection.choices import InspectionStatus
from inspection.models import Conclusion, Document, Finding, Inspection, InspectionProgram, RemediationRequirement
from organizations.choices import Role
from organizations.models import User
from tests.organizations.factories import TermFactory

from .factories import topic, walk

pytestmark = pytest.mark.django_db
S = InspectionStatus
ADMIN = "/admin/inspection"


def login(client, user):
    # tests.factories.UserFactory sets the password after its last save, so the
    # stored hash differs from the instance's: log in with the stored user.
    client.force_login(User.objects.get(pk=user.pk))


def _put(data, key, value, field):
    if value is None or isinstance(field, forms.FileField):
        return
    if isinstance(field, forms.BooleanField):
        if value:
            data[key] = "on"
        return
    data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)


def page_data(response):
    """What the browser would post back unchanged: the main form and every inline formset."""
    assert response.status_code == 200, response.status_code
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        _put(data, form.add_prefix(name), form[name].value(), field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for row in formset.initial_forms:
            for name, field in row.fields.items():
                _put(data, row.add_prefix(name), row[name].value(), field)
    return data


def add_rows(data, prefix, rows):
    start = int(data[f"{prefix}-INITIAL_FORMS"])
    for offset, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{start + offset}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data


def submit(client, url, changes=None, rows=None, files=None):
    data = page_data(client.get(url))
    data.update(changes or {})
    for prefix, new_rows in (rows or {}).items():
        add_rows(data, prefix, new_rows)
    data.update(files or {})
    response = client.post(url, data)
    if response.status_code != 302:
        context = response.context
        errors = [context["adminform"].form.errors] + [f.errors for f in context["inline_admin_formsets"]]
        raise AssertionError(f"{url}: {errors}")
    return response


def messages_of(client, url):
    return [str(m) for m in client.get(url).context["messages"]]


def take_step(client, model, step, objs, **inputs):
    """A workflow step through its generated changelist action (core.admin_steps): the
    intermediate page asks for the effective date and the step's inputs, then applies."""
    url = f"{ADMIN}/{model}/"
    data = {"action": step, "_selected_action": [str(o.pk) for o in objs]}
    asked = client.post(url, data)
    if asked.status_code == 200:  # a dated step: its form
        assert "effective_on" in asked.context["form"].fields
        data = {**data, "apply": "1", "effective_on": str(timezone.localdate()), **inputs}
    return client.post(url, data)


def test_data_path_through_the_admin(client, tree, board):
    """Documents, a program, an inspection with its targets and team; its steps are the
    actions of the transition table, with the effective date they ask for."""
    TermFactory()
    login(client, board)
    for party_number, subject in (("01-QĐ/BTCTU", "Quyết định thành lập đoàn"), ("01-KH/BTCTU", "Kế hoạch"),
                                  ("3151-TB/TU", "Thông báo kết luận")):
        submit(client, f"{ADMIN}/document/add/", {"party_number": party_number, "issued_on": "2019-04-22",
                                                  "subject": subject, "confidentiality": "normal"})
    decision, plan, notice = (Document.objects.get(subject=s) for s in ("Quyết định thành lập đoàn", "Kế hoạch",
                                                                        "Thông báo kết luận"))
    assert notice.number_display == "3151-TB/TU" and notice.term.name == "2015–2020"
    q3, cuchi = str(tree.q3.pk), str(tree.cuchi.pk)
    submit(client, f"{ADMIN}/inspectionprogram/add/",
           {"authority": str(tree.city.pk), "year": "2019", "title": "Chương trình 2019"},
           rows={"items": [{"order": "1", "topic": str(topic().pk), "title": "Kiểm tra xếp loại",
                            "target_organizations": [q3, cuchi], "responsible": str(tree.city.pk),
                            "planned_start": "2019-04-15", "planned_end": "2019-06-30"}]})
    item = InspectionProgram.objects.get().items.get()
    submit(client, f"{ADMIN}/inspection/add/", {
        "code": "KT-2019-01", "title": "Kiểm tra xếp loại chất lượng", "year": "2019", "program_item": str(item.pk),
        "authority": str(tree.city.pk), "conducted_by": str(tree.city.pk), "form": "periodic",
        "topics": [str(topic().pk)], "decision_document": str(decision.pk), "plan_document": str(plan.pk),
        "period_start": "2018-01-01", "period_end": "2018-12-31", "planned_start": "2019-05-06",
        "planned_end": "2019-06-19",
    }, rows={"targets": [{"organization": q3}, {"organization": cuchi}],
             "team": [{"role": "head", "full_name": "Trần Văn Hùng"}]})
    inspection = Inspection.objects.get()
    assert inspection.targets.count() == 2 and inspection.status == S.DRAFT
    for step in ("decide", "start"):
        take_step(client, "inspection", step, [inspection])
    inspection.refresh_from_db()
    assert inspection.status == S.IN_PROGRESS
    assert list(inspection.transitions.values_list("to_status", flat=True)) == [S.DECIDED, S.IN_PROGRESS]
    page = client.get(f"{ADMIN}/inspection/{inspection.pk}/change/").content.decode()
    assert "Bước tiếp theo" in page and "Chưa nhận báo cáo tự kiểm tra" in page  # what blocks «report»


def test_refused_step_is_reported_not_applied(client, tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    login(client, board)
    response = take_step(client, "inspection", "report", [out.inspection])
    out.inspection.refresh_from_db()
    assert out.inspection.status == S.IN_PROGRESS
    assert any("Chưa nhận báo cáo tự kiểm tra" in m for m in messages_of(client, response["Location"]))


def test_the_board_verifies_and_decides_extensions_in_the_admin(client, tree, board, make_user):
    out = walk(tree, board, targets=[tree.q3], status=S.FOLLOWING_UP)
    requirement = out.requirements[tree.q3.pk]
    reporter = make_user(role=Role.REPORTER, organizations=[tree.q3])
    services.progress_report_submit(user=reporter, requirement=requirement, text="Đã khắc phục", percent=100)
    login(client, board)
    take_step(client, "remediationrequirement", "verify", [requirement], comment="Đạt")
    requirement.refresh_from_db()
    assert requirement.status == "verified" and requirement.events.filter(text__contains="Đạt").exists()
    other = walk(tree, board, targets=[tree.q3], status=S.FOLLOWING_UP, code="KT-EXT").requirements[tree.q3.pk]
    extension = services.extension_request(user=reporter, requirement=other,
                                           requested_deadline=other.deadline + datetime.timedelta(days=30),
                                           reason="Chờ đại hội")
    take_step(client, "deadlineextension", "approve", [extension], note="Đồng ý")
    extension.refresh_from_db()
    assert extension.status == "approved" and extension.decided_by_id == board.pk


def test_the_steps_are_not_offered_to_a_leader(client, tree, board, leader):
    out = walk(tree, board, targets=[tree.q3], status=S.DRAFT)
    login(client, leader)
    form = client.get(f"{ADMIN}/inspection/").context["action_form"]  # None: no action at all
    assert form is None or not {"decide", "cancel"} & {name for name, _label in form.fields["action"].choices}
    client.post(f"{ADMIN}/inspection/", {"action": "decide", "_selected_action": [str(out.inspection.pk)]})
    out.inspection.refresh_from_db()
    assert out.inspection.status == S.DRAFT


def test_issued_conclusion_cannot_be_edited_in_the_admin(client, tree, board):
    out = walk(tree, board, targets=[tree.q3], status=S.CONCLUDED)
    login(client, board)
    url = f"{ADMIN}/conclusion/{out.conclusion.pk}/change/"
    data = page_data(client.get(url))
    data["summary"] = "Sửa qua trang quản trị"
    client.post(url, data)
    assert Conclusion.objects.get(pk=out.conclusion.pk).summary == "Kết luận chung."
    assert client.post(f"{ADMIN}/conclusion/{out.conclusion.pk}/delete/", {"post": "yes"}).status_code == 403
    requirement = out.requirements[tree.q3.pk]
    data = page_data(client.get(f"{ADMIN}/remediationrequirement/{requirement.pk}/change/"))
    data["text"] = "Sửa yêu cầu"
    client.post(f"{ADMIN}/remediationrequirement/{requirement.pk}/change/", data)
    assert RemediationRequirement.objects.get(pk=requirement.pk).text == requirement.text


def test_admin_is_scoped(client, tree, board, q3_inspector):
    joint = walk(tree, board, targets=[tree.q3, tree.cuchi], status=S.REPORTING)
    cuchi_finding = joint.findings[tree.cuchi.pk]
    login(client, q3_inspector)
    listed = client.get(f"{ADMIN}/finding/").context["cl"].result_list
    assert [f.organization_id for f in listed] == [tree.q3.pk]
    assert client.get(f"{ADMIN}/finding/{cuchi_finding.pk}/change/").status_code == 302
    assert client.post(f"{ADMIN}/finding/{cuchi_finding.pk}/delete/", {"post": "yes"}).status_code == 302
    response = client.post(f"{ADMIN}/finding/add/", {
        "inspection": str(joint.inspection.pk), "organization": str(tree.cuchi.pk), "topic": str(topic().pk),
        "kind": "strength", "text": "Ghi hộ Củ Chi", "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and "organization" in response.context["adminform"].form.errors
    assert Finding.objects.filter(organization=tree.cuchi).count() == 1
    assert Finding.objects.filter(pk=cuchi_finding.pk).exists()
    cuchi_only = walk(tree, board, targets=[tree.cuchi], status=S.DRAFT, code="KT-CC")
    assert client.get(f"{ADMIN}/inspection/{cuchi_only.inspection.pk}/change/").status_code == 302


def test_leader_reads_but_cannot_add_in_the_admin(client, tree, board, leader):
    walk(tree, board, targets=[tree.q3], status=S.IN_PROGRESS)
    login(client, leader)
    assert client.get(f"{ADMIN}/inspection/").status_code == 200
    assert client.get(f"{ADMIN}/inspection/add/").status_code == 403
    assert client.get(f"{ADMIN}/finding/add/").status_code == 403

"""The admin's inline tables, history and revert go through the same scope as
the API: a joint inspection's change page shows a Quận 3 reader only Quận 3's
part, and records with a workflow cannot be reverted past their services."""
import pytest
from django.contrib import admin

from core.admin import ScopedInline
from inspection.choices import InspectionStatus, RequirementStatus
from inspection.models import Finding, Inspection, RemediationRequirement, SelfInspectionReport
from organizations.choices import Role
from organizations.models import User
from organizations.roles import DOMAIN_APPS

from .factories import walk

pytestmark = pytest.mark.django_db
S = InspectionStatus
ADMIN = "/admin/inspection"


def login(client, user):
    client.force_login(User.objects.get(pk=user.pk))


def inline_rows(response, model):
    """The objects shown in the change page's inline tables of `model`."""
    rows = []
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            rows.extend(form.instance for form in inline.formset.initial_forms)
    return rows


@pytest.fixture
def joint(tree, board):
    """One inspection of a Quận 3 ward and a Củ Chi commune, concluded with requirements."""
    return walk(tree, board, targets=[tree.q3_ward, tree.cuchi_commune], status=S.CONCLUDED)


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR])
def test_inspection_inlines_show_only_the_readers_part(client, tree, make_user, joint, role):
    login(client, make_user(role=role, organizations=[tree.q3]))
    response = client.get(f"{ADMIN}/inspection/{joint.inspection.pk}/change/")
    assert response.status_code == 200
    findings = inline_rows(response, Finding)
    reports = inline_rows(response, SelfInspectionReport)
    assert findings and {f.organization_id for f in findings} == {tree.q3_ward.pk}
    assert reports and {r.organization_id for r in reports} == {tree.q3_ward.pk}
    assert "phê bình yếu ở Đảng ủy xã Tân Thông Hội" not in response.content.decode()


def test_conclusion_inlines_show_only_the_readers_sections_and_requirements(client, tree, make_user, joint):
    login(client, make_user(role=Role.LEADER, organizations=[tree.q3]))
    response = client.get(f"{ADMIN}/conclusion/{joint.conclusion.pk}/change/")
    assert response.status_code == 200
    shown = [row.organization_id for inline in response.context["inline_admin_formsets"]
             for row in (form.instance for form in inline.formset.initial_forms)]
    assert len(shown) == 2 and set(shown) == {tree.q3_ward.pk}
    assert "Khắc phục hạn chế ở Đảng ủy xã Tân Thông Hội" not in response.content.decode()


def test_board_still_sees_every_row(client, tree, board, joint):
    login(client, board)
    response = client.get(f"{ADMIN}/inspection/{joint.inspection.pk}/change/")
    assert len(inline_rows(response, Finding)) == 2


def test_saving_the_page_unchanged_keeps_the_hidden_rows(client, tree, make_user, joint):
    """A Quận 3 inspector's save must neither delete nor touch Củ Chi's findings."""
    from .test_admin import page_data
    inspection = joint.inspection
    Inspection.objects.filter(pk=inspection.pk).update(status=S.REPORTING)
    login(client, make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    url = f"{ADMIN}/inspection/{inspection.pk}/change/"
    before = list(Finding.objects.filter(organization=tree.cuchi_commune).values_list("pk", "text"))
    client.post(url, page_data(client.get(url)))
    assert list(Finding.objects.filter(organization=tree.cuchi_commune).values_list("pk", "text")) == before


def test_every_inline_is_scoped():
    """Inline rows are filtered by the reader's scope: every inline of every registered admin is a ScopedInline."""
    unscoped = [f"{model_admin.__class__.__name__}.{inline.__name__}"
                for model, model_admin in admin.site._registry.items()
                if model._meta.app_label in DOMAIN_APPS
                for inline in model_admin.inlines if not issubclass(inline, ScopedInline)]
    assert unscoped == []


# --- history and revert ----------------------------------------------------------
def _history_id(obj, **where):
    return obj.history.filter(**where).order_by("history_id").values_list("history_id", flat=True).first()


def test_revert_of_a_cancelled_inspection_is_refused(client, tree, board):
    inspection = walk(tree, board, targets=[tree.q3_ward], status=S.CANCELLED).inspection
    draft = _history_id(inspection, status=S.DRAFT)
    login(client, board)
    url = f"{ADMIN}/inspection/{inspection.pk}/history/{draft}/"
    page = client.get(url)
    assert page.status_code == 200 and page.context["revert_disabled"]
    history = client.get(f"{ADMIN}/inspection/{inspection.pk}/history/")
    assert history.context["revert_disabled"]
    data = {key: value for key, value in page.context["adminform"].form.initial.items() if value is not None}
    response = client.post(url, data)
    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == S.CANCELLED


def test_revert_of_a_verified_requirement_is_refused(client, tree, board):
    walked = walk(tree, board, targets=[tree.q3_ward], status=S.CLOSED)
    requirement = next(iter(walked.requirements.values()))
    assert requirement.status == RequirementStatus.VERIFIED
    reported = _history_id(requirement, status=RequirementStatus.REPORTED_DONE) or _history_id(requirement)
    login(client, board)
    response = client.post(f"{ADMIN}/remediationrequirement/{requirement.pk}/history/{reported}/", {})
    assert response.status_code == 403
    assert RemediationRequirement.objects.get(pk=requirement.pk).status == RequirementStatus.VERIFIED


def test_a_read_only_user_cannot_revert_anything(client, tree, make_user):
    from .factories import DocumentFactory
    document = DocumentFactory(issuer=tree.q3, subject="Bản đầu")
    document.subject = "Bản sau"
    document.save()
    first = _history_id(document)
    login(client, make_user(role=Role.LEADER, organizations=[tree.q3]))
    response = client.post(f"{ADMIN}/document/{document.pk}/history/{first}/", {"subject": "Bản đầu"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.subject == "Bản sau"


def test_workflow_models_have_revert_disabled(rf, board):
    from cadres.models import PlanningEntry, TrainingRecord
    from inspection.models import Conclusion, DeadlineExtension, ProgressReport
    from reports.models import Report
    request = rf.get("/")
    request.user = board
    for model in (Inspection, Conclusion, RemediationRequirement, DeadlineExtension, ProgressReport, Report,
                  PlanningEntry, TrainingRecord):
        model_admin = admin.site._registry[model]
        assert not hasattr(model_admin, "revert_disabled") or model_admin.revert_disabled(request), model


def test_autocomplete_offers_only_organizations_in_scope(client, tree, make_user):
    login(client, make_user(role=Role.INSPECTOR, organizations=[tree.q3]))
    response = client.get("/admin/autocomplete/", {"app_label": "inspection", "model_name": "finding",
                                                    "field_name": "organization", "term": ""})
    assert response.status_code == 200
    shown = {int(row["id"]) for row in response.json()["results"]}
    assert shown and shown <= {tree.q3.pk, tree.q3_ward.pk, tree.q3_cell.pk}


def test_a_document_can_still_be_reverted_by_its_editor(client, tree, board):
    from inspection.models import Document

    from .factories import DocumentFactory
    document = DocumentFactory(issuer=tree.q3, subject="Bản đầu")
    document.subject = "Bản sau"
    document.save()
    first = _history_id(document)
    login(client, board)
    url = f"{ADMIN}/document/{document.pk}/history/{first}/"
    page = client.get(url)
    assert page.status_code == 200 and not page.context["revert_disabled"]
    from .test_admin import _put
    form, data = page.context["adminform"].form, {}
    for name, field in form.fields.items():
        _put(data, form.add_prefix(name), form[name].value(), field)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Document.objects.get(pk=document.pk).subject == "Bản đầu"

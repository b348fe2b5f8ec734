import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from inspection.choices import InspectionStatus, ProgramItemState, RequirementStatus
from inspection.demo import demo_pdf_sha256
from inspection.models import Conclusion, Document, Finding, Inspection, ProgramItem, RemediationRequirement, Topic
from inspection.selectors import recurring_limitations, with_plan_state
from organizations.models import User

pytestmark = pytest.mark.django_db(transaction=False)


def _row_counts():
    """Rows of every inspection model, history tables included."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_app_config("inspection").get_models()}


def test_topics_are_seeded_by_migration():
    assert list(Topic.objects.values_list("code", flat=True)) == [
        "quality_rating", "cell_meetings", "admission", "cadre_planning", "training", "rotation_appointment",
        "political_theory", "congress_preparation", "remediation"]


def test_demo_reproduces_the_seed_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = _row_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _row_counts() == first  # nothing new, not even history rows

    notice = Document.objects.get(number=3150, doc_type="TB", issuer_code="TU")
    assert (notice.issued_on, notice.term.name, notice.issuer.code, notice.signer_title) == (
        datetime.date(2019, 3, 29), "2015–2020", "tu-hcm", "T/M BAN THƯỜNG VỤ")
    assert Document.objects.filter(number=35, doc_type="CT", issuer_code="TW", issuer__isnull=True).exists()

    first_round = Inspection.objects.get(code="KT-2019-01")
    assert set(first_round.targets.values_list("organization__code", flat=True)) == {
        "qu-q3", "hu-cuchi", "du-saigontourist", "du-nganhang"}
    assert set(first_round.topics.values_list("code", flat=True)) == {"quality_rating", "cell_meetings", "admission"}
    second_round = Inspection.objects.get(code="KT-2019-02")
    assert set(second_round.targets.values_list("organization__code", flat=True)) == {
        "qu-q7", "hu-hocmon", "du-resco", "du-daihoc"}
    assert second_round.findings.filter(text__contains="không có chính quyền cùng cấp",
                                        organization__code="du-daihoc").exists()
    directive_35 = Inspection.objects.get(code="KT-2020-01")  # concluded in its year
    assert directive_35.status == InspectionStatus.CLOSED and directive_35.actual_end.year == 2020
    assert first_round.program_item.program.basis_document == notice
    # the article gives only 3150-TB/TU and 35-CT/TW: every other number, and the notices' signer, is
    # illustrative and the demo data says so
    invented = Document.objects.exclude(pk=notice.pk).exclude(number=35, doc_type="CT")
    assert invented.exists() and not invented.exclude(notes__contains="minh họa").exists()
    for conclusion in Conclusion.objects.filter(inspection__code__in=["KT-2019-01", "KT-2019-02"]):
        assert (conclusion.signer_on_behalf, conclusion.signer_position) == (
            "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC")
        assert conclusion.signer_name and "Người ký" in conclusion.document.notes

    requirements = RemediationRequirement.objects.all()
    assert requirements.filter(status=RequirementStatus.VERIFIED).exists()
    assert requirements.filter(is_overdue=True).exists()
    extended = requirements.get(organization__code="hu-cuchi")
    assert extended.deadline > extended.original_deadline
    assert requirements.filter(progress_reports__attachments__sha256=demo_pdf_sha256()).exists()

    states = {item.title[:30]: item.plan_state for item in with_plan_state(ProgramItem.objects.all(),
                                                                           datetime.date(2019, 12, 31))}
    assert ProgramItemState.LATE in states.values() and ProgramItemState.DONE in states.values()

    admin = User.objects.get(username="admin")
    recurring = {row["tags__slug"]: row["organizations"] for row in recurring_limitations(user=admin)}
    assert recurring["tu-phe-binh-yeu"] == 3 and recurring["chuan-hoa-llct"] == 4
    # a limitation is recorded where the data show it, citing the records
    htxsnv = Finding.objects.get(tags__slug="ty-le-htxsnv")
    assert htxsnv.organization.code == "qu-q3" and htxsnv.evidence.count() == 1

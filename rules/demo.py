"""Demo rule checks over the city for 2018 (ratings) and 2019 (meetings,
admissions, cadre plans), and one run per 2019 inspection of Conclusion
Notice 3150-TB/TU whose flagged results are linked to the limitations the
inspection recorded (the same link "Tạo hạn chế" makes)."""
import datetime

from core.services import SYSTEM
from inspection.models import Finding, Inspection
from organizations.models import Organization

from .choices import FLAGGED_OUTCOMES
from .models import RuleCheckResult, RuleCheckRun
from .services import check_run_create, check_run_create_for_inspection, check_run_execute, inspected_organization_for

PERIODS = [(datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)),
           (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))]
INSPECTIONS = ["KT-2019-01", "KT-2019-02"]
# The limitation (by its first tag) a flagged result of each rule stands for.
FINDING_TAGS = {"QR-2": "ty-le-htxsnv", "AD-3": "co-cau-ket-nap-chua-deu", "CM-6": "tu-phe-binh-yeu",
                "CM-7": "tu-phe-binh-yeu", "CP-4": "chuan-hoa-llct", "CP-5": "quy-hoach-cham"}


def link_findings(run):
    """Link each flagged result of an inspection's run to the limitation it supports."""
    linked = 0
    results = run.results.filter(outcome__in=FLAGGED_OUTCOMES, rule_code__in=FINDING_TAGS, finding__isnull=True)
    for result in results.select_related("organization"):
        inspected = inspected_organization_for(result, run.inspection)
        finding = Finding.objects.filter(inspection=run.inspection, organization=inspected,
                                         tags__slug=FINDING_TAGS[result.rule_code]).order_by("pk").first()
        if finding is not None:
            RuleCheckResult.objects.filter(pk=result.pk).update(finding=finding)
            linked += 1
    return linked


def load(stdout=None):
    city = Organization.objects.get(code="tu-hcm")
    created = linked = 0
    for start, end in PERIODS:
        if RuleCheckRun.objects.filter(scope=city, period_start=start, period_end=end, inspection=None).exists():
            continue
        run = check_run_create(user=SYSTEM, scope=city, period_start=start, period_end=end)
        check_run_execute(run_id=run.pk)
        created += 1
    for inspection in Inspection.objects.filter(code__in=INSPECTIONS).order_by("code"):
        if RuleCheckRun.objects.filter(inspection=inspection).exists():
            continue
        run = check_run_execute(run_id=check_run_create_for_inspection(user=SYSTEM, inspection=inspection).pk)
        linked += link_findings(run)
        created += 1
    if stdout:
        runs = RuleCheckRun.objects.filter(scope=city).count()
        stdout.write(f"Rule checks: {runs} runs ({created} new), {linked} results linked to findings")

"""Findings as the workspace shows them, and the evidence picker's search: the
unit's records, searched by name and year, shown as text people read, never as record ids."""
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from core.text import fold
from organizations.models import AdmissionYear, CellMeeting, CommitteeMember, QualityRating

from .. import selectors
from ..models import SelfInspectionReport

PICKER_ROWS = 8


# --- evidence as people read it ----------------------------------------------------------
def evidence_text(record):
    if isinstance(record, CellMeeting):
        return _("Sinh hoạt chi bộ %(kind)s ngày %(day)s – %(cell)s") % {
            "kind": record.get_kind_display().lower(), "day": record.date.strftime("%d/%m/%Y"), "cell": record.cell}
    if isinstance(record, QualityRating):
        return _("Đánh giá, xếp loại chất lượng năm %(year)s – %(org)s") % {"year": record.year,
                                                                           "org": record.organization}
    if isinstance(record, AdmissionYear):
        return _("Kết nạp đảng viên năm %(year)s – %(org)s") % {"year": record.year, "org": record.organization}
    if isinstance(record, CommitteeMember):
        return _("Cấp ủy viên %(member)s") % {"member": record}
    if isinstance(record, SelfInspectionReport):
        return _("Báo cáo tự kiểm tra nhận ngày %(day)s – %(org)s") % {
            "day": record.received_on.strftime("%d/%m/%Y"), "org": record.organization}
    return str(record)


PICKER_MODELS = (
    (CellMeeting, "cell", ("-date",), "date__year"),
    (QualityRating, "organization", ("-year",), "year"),
    (AdmissionYear, "organization", ("-year",), "year"),
    (CommitteeMember, "organization", ("full_name",), None),
    (SelfInspectionReport, "organization", ("-received_on",), "received_on__year"),
)


def evidence_candidates(*, user, finding, query=""):
    """Records of the finding's unit (or below) in the reader's scope, at most a few of each kind."""
    words = fold(query).split()
    years = [int(w) for w in words if w.isdigit() and len(w) == 4]
    names = [w for w in words if not (w.isdigit() and len(w) == 4)]
    found = []
    for model, org_field, ordering, year_field in PICKER_MODELS:
        qs = model.objects.for_user(user).within(finding.organization).select_related(org_field)
        if years and year_field:
            qs = qs.filter(**{f"{year_field}__in": years})
        elif years:
            continue
        for word in names:
            qs = qs.filter(**{f"{org_field}__search_text__contains": word})
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        found += [(label, record.pk, evidence_text(record)) for record in qs.order_by(*ordering)[:PICKER_ROWS]]
    return found


def evidence_texts(findings):
    """{finding id: [text, ...]}: one query per kind of record cited, whatever the number of findings."""
    wanted = defaultdict(set)
    links = [(f.pk, e.content_type_id, e.object_id) for f in findings for e in f.evidence.all()]
    for _finding, type_id, object_id in links:
        wanted[type_id].add(object_id)
    records = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        related = {CellMeeting: "cell", SelfInspectionReport: "organization"}.get(model)
        qs = model._default_manager.filter(pk__in=ids)
        qs = qs.select_related(related) if related else qs.select_related() if hasattr(model, "organization") else qs
        records.update({(type_id, r.pk): evidence_text(r) for r in qs})
    texts = defaultdict(list)
    for finding_id, type_id, object_id in links:
        texts[finding_id].append(records.get((type_id, object_id), "—"))
    return texts


def findings_by_unit(inspection, user):
    """[{organization, findings: [...]}] for each inspected unit in the reader's scope, by topic."""
    findings = list(selectors.finding_list(user=user).filter(inspection=inspection).order_by("topic__code", "pk"))
    texts = evidence_texts(findings)
    for finding in findings:
        finding.evidence_texts = texts.get(finding.pk, [])
    units = []
    for target in inspection.visible_targets if hasattr(inspection, "visible_targets") else inspection.targets.all():
        units.append({"organization": target.organization,
                      "findings": [f for f in findings if f.organization_id == target.organization_id]})
    return units

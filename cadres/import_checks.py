"""Checking the rows read from the import workbook: references (organizations,
titles, terms, cadres) resolved within the user's scope, duplicates within the
file, and the models' own validation. Each row collects its errors and the
unsaved instance it would write.

Set-based: everything the checks compare against (organizations, titles,
terms, the cadres named in the file with their planning and training rows) is
read up front in a fixed number of queries, and validation sends none
(core.bulk.clean_without_queries), so checking 2N rows costs what N rows do."""
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.bulk import clean_without_queries
from core.text import fold
from organizations.models import Organization, Term

from .choices import PlanningStatus, StateManagementLevel, TheoryLevel
from .models import Cadre, PlanningEntry, Title, TrainingRecord


def _validation_messages(exc, model):
    messages = []
    for name, problems in exc.message_dict.items():
        label = "" if name == "__all__" else f"{model._meta.get_field(name).verbose_name}: "
        messages.extend(f"{label}{problem}" for problem in problems)
    return messages


def _clean(row, instance, exclude=()):
    """Model validation, leaving out the fields already reported as bad."""
    model_fields = {f.name for f in type(instance)._meta.fields}
    exclude = set(exclude) | (row.bad_fields & model_fields)
    try:
        clean_without_queries(instance, exclude)
    except ValidationError as exc:
        row.errors.extend(_validation_messages(exc, type(instance)))
    row.instance = instance


def remember(instance):
    """Keep the stored values of a row read from the database (see stored_changed)."""
    instance._stored = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    return instance


def stored_changed(instance):
    """Whether saving would change the stored row (no history row for a no-op re-import)."""
    stored = getattr(instance, "_stored", None)
    if instance.pk is None or stored is None:
        return True
    return any(getattr(instance, attname) != value for attname, value in stored.items() if attname != "search_text")


def planning_key(entry, code):
    return (code, entry.title_id, entry.organization_id, entry.term_id, entry.added_on)


def training_key(record, code):
    return (code, record.kind, record.theory_level, record.course, record.started_on)


class RowChecker:
    """Checks the sheets in order: cadres first, since planning and training rows refer to them."""

    def __init__(self, *, user):
        self.user = user
        self.organizations = {}
        self.cadres_in_db = {}

    def _organization(self, row, code):
        organization = self.organizations.get(code)
        if organization is None:
            row.errors.append(_("Mã tổ chức “%(code)s” không tồn tại hoặc ngoài phạm vi của bạn.") % {"code": code})
        return organization

    def load_references(self, rows):
        codes = {r.values.get("organization") for r in rows if r.values.get("organization")}
        visible = Organization.objects.for_user(self.user)
        self.organizations = {o.code: o for o in visible.filter(code__in=codes)}
        cadre_codes = {r.values.get("code") or r.values.get("cadre") for r in rows} - {"", None}
        in_db = Cadre.objects.filter(code__in=cadre_codes).select_related("organization")
        self.cadres_in_db = {c.code: remember(c) for c in in_db}
        self._load_records()
        visible_cadres = Cadre.objects.filter(code__in=cadre_codes).for_user(self.user)
        self.visible_cadre_codes = set(visible_cadres.values_list("code", flat=True))
        self.titles = {t.code: t for t in Title.objects.all()}
        self.terms = {fold(t.name).replace("-", "–"): t for t in Term.objects.all()}

    def _load_records(self):
        """The planning and training rows of the cadres named in the file, by their import keys."""
        by_id = {cadre.pk: cadre for cadre in self.cadres_in_db.values()}
        self.planning_in_db, self.open_planning = {}, defaultdict(set)
        for entry in PlanningEntry.objects.filter(cadre__in=list(by_id)):
            entry.cadre = by_id[entry.cadre_id]
            key = planning_key(remember(entry), entry.cadre.code)
            self.planning_in_db[key] = entry
            if entry.removed_on is None:
                self.open_planning[key[:4]].add(entry.pk)
        self.training_in_db = {}
        for record in TrainingRecord.objects.filter(cadre__in=list(by_id)):
            record.cadre = by_id[record.cadre_id]
            self.training_in_db[training_key(remember(record), record.cadre.code)] = record

    def check_cadres(self, rows):
        seen = {}
        for row in rows:
            values = row.values
            code = values["code"]
            row.cadre_code = code
            if code in seen:
                row.errors.append(
                    _("Mã cán bộ “%(code)s” trùng với dòng %(line)s.") % {"code": code, "line": seen[code]}
                )
                continue
            if code:
                seen[code] = row.line
            if code in self.cadres_in_db and code not in self.visible_cadre_codes:
                row.errors.append(_("Mã cán bộ “%(code)s” thuộc đơn vị ngoài phạm vi của bạn.") % {"code": code})
                continue
            organization = self._organization(row, values["organization"]) if values["organization"] else None
            fields = {key: value for key, value in values.items() if key != "organization"}
            fields["theory_level"] = fields["theory_level"] or TheoryLevel.NONE
            fields["state_management_level"] = fields["state_management_level"] or StateManagementLevel.NONE
            fields["ethnicity"] = fields["ethnicity"] or "Kinh"
            instance = self.cadres_in_db.get(code) or Cadre()
            for key, value in fields.items():
                setattr(instance, key, value)
            if organization is not None:
                instance.organization = organization
            _clean(row, instance, exclude=["search_text"] + ([] if organization else ["organization"]))

    def _cadre_ref(self, row, code, valid_cadre_rows):
        row.cadre_code = code
        if code in valid_cadre_rows:
            return valid_cadre_rows[code]
        if code in self.cadres_in_db and code in self.visible_cadre_codes:
            return self.cadres_in_db[code]
        if code in self.invalid_cadre_codes:
            row.errors.append(_("Mã cán bộ “%(code)s” có lỗi ở sheet “Cán bộ”.") % {"code": code})
        else:
            row.errors.append(_("Không có cán bộ mã “%(code)s” (trong tệp hoặc trong phạm vi của bạn).")
                              % {"code": code})
        return None

    def check_planning(self, rows, valid_cadre_rows):
        seen, open_keys = {}, {}
        for row in rows:
            values = row.values
            cadre = self._cadre_ref(row, values["cadre"], valid_cadre_rows) if values["cadre"] else None
            title = self.titles.get(values["title"]) if values["title"] else None
            if values["title"] and title is None:
                row.errors.append(_("Không có chức danh mã “%(code)s”.") % {"code": values["title"]})
            organization = self._organization(row, values["organization"]) if values["organization"] else None
            term = self.terms.get(fold(values["term"]).replace("-", "–")) if values["term"] else None
            if values["term"] and term is None:
                row.errors.append(_("Không có nhiệm kỳ “%(term)s”.") % {"term": values["term"]})
            if row.errors:
                continue
            row.key = (values["cadre"], title.pk, organization.pk, term.pk, values["added_on"])
            if row.key in seen:
                row.errors.append(_("Trùng với dòng %(line)s.") % {"line": seen[row.key]})
                continue
            seen[row.key] = row.line
            status = values["status"] or (
                PlanningStatus.REMOVED if values["removed_on"]
                else PlanningStatus.APPROVED if values["approved_on"] else PlanningStatus.PROPOSED
            )
            existing = self.planning_in_db.get(row.key) if cadre is not None and cadre.pk else None
            open_key = row.key[:4]
            if not values["removed_on"]:
                if open_key in open_keys:
                    row.errors.append(_("Dòng %(line)s đã đưa cán bộ này vào quy hoạch chức danh này.")
                                      % {"line": open_keys[open_key]})
                    continue
                open_keys[open_key] = row.line
                other_open = cadre is not None and cadre.pk and (
                    self.open_planning.get(open_key, set()) - {getattr(existing, "pk", None)})
                if other_open:
                    row.errors.append(_("Cán bộ đã có trong quy hoạch chức danh này của nhiệm kỳ (mục khác)."))
                    continue
            instance = existing or PlanningEntry()
            fields = {**values, "title": title, "organization": organization, "term": term, "status": status}
            fields.pop("cadre")
            for key, value in fields.items():
                setattr(instance, key, value)
            _clean(row, instance, exclude=["cadre"])

    def check_training(self, rows, valid_cadre_rows):
        seen = {}
        for row in rows:
            values = row.values
            cadre = self._cadre_ref(row, values["cadre"], valid_cadre_rows) if values["cadre"] else None
            if row.errors:
                continue
            row.key = (values["cadre"], values["kind"], values["theory_level"], fold(values["course"]),
                       values["started_on"])
            if row.key in seen:
                row.errors.append(_("Trùng với dòng %(line)s.") % {"line": seen[row.key]})
                continue
            seen[row.key] = row.line
            existing = None
            if cadre is not None and cadre.pk:
                existing = self.training_in_db.get((values["cadre"], values["kind"], values["theory_level"],
                                                    values["course"], values["started_on"]))
            instance = existing or TrainingRecord()
            for key, value in values.items():
                if key != "cadre":
                    setattr(instance, key, value)
            _clean(row, instance, exclude=["cadre"])

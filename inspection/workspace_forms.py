"""Forms of the staff workspace and the new-inspection wizard."""
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import NormalizedFormMixin
from core.scoping import subtree_q
from core.uploads import validate_upload
from organizations.forms import OrganizationChoiceField, OrganizationMultipleChoiceField
from organizations.models import Organization

from .choices import FindingKind, InspectionForm, InspectionStatus, Priority, Severity, TeamRole
from .models import Finding, ProgramItem, Topic
from .team_picker import TeamFieldsMixin, team_initial


class _Form(NormalizedFormMixin, forms.Form):
    pass


def _checked_file(upload):
    if upload:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
    return upload


class StepForm(_Form):
    on = forms.DateField(label=_("Ngày hiệu lực"), required=False,
                         help_text=_("dd/mm/yyyy; để trống là hôm nay."))
    note = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SelfReportForm(_Form):
    organization = forms.ModelChoiceField(label=_("Tổ chức báo cáo"), queryset=Organization.objects.none())
    received_on = forms.DateField(label=_("Ngày nhận"), initial=timezone.localdate)
    file = forms.FileField(label=_("Tệp báo cáo"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args, inspection, **kwargs):
        kwargs.setdefault("auto_id", "id_self_%s")
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = inspection.target_organizations.all()

    def clean_file(self):
        return _checked_file(self.cleaned_data.get("file"))


class FindingForm(_Form):
    organization = forms.ModelChoiceField(label=_("Tổ chức được kiểm tra"), queryset=Organization.objects.none())
    topic = forms.ModelChoiceField(label=_("Nội dung"), queryset=Topic.objects.none())
    kind = forms.ChoiceField(label=_("Loại"), choices=FindingKind.choices)
    severity = forms.ChoiceField(label=_("Mức độ (với hạn chế)"), choices=[("", "—"), *Severity.choices],
                                 required=False)
    text = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(label=_("Nhãn (cách nhau bởi dấu phẩy)"), required=False)

    def __init__(self, *args, inspection, **kwargs):
        kwargs.setdefault("auto_id", "id_finding_%s")
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = inspection.target_organizations.all()
        self.fields["topic"].queryset = inspection.topics.all()
        # One unit, one topic: chosen already.
        for name in ("organization", "topic"):
            choices = list(self.fields[name].queryset[:2])
            if len(choices) == 1 and not self.initial.get(name):
                self.initial[name] = choices[0].pk

    def service_fields(self):
        data = dict(self.cleaned_data)
        data["tags"] = [t.strip() for t in data["tags"].split(",") if t.strip()]
        return data


class EvidenceSearchForm(_Form):
    q = forms.CharField(label=_("Tìm hồ sơ (tên đơn vị, năm)"), required=False)


class ConclusionForm(_Form):
    number = forms.IntegerField(label=_("Số thông báo"), min_value=1)
    issued_on = forms.DateField(label=_("Ngày ban hành"), initial=timezone.localdate)
    summary = forms.CharField(label=_("Nội dung kết luận chung"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, inspection, **kwargs):
        kwargs.setdefault("auto_id", "id_concl_%s")
        super().__init__(*args, **kwargs)
        self.targets = list(inspection.target_organizations.all())
        for org in self.targets:
            self.fields[f"section_{org.pk}"] = forms.CharField(
                label=_("Kết luận đối với %(org)s") % {"org": org.name}, widget=forms.Textarea(attrs={"rows": 2}))

    def sections(self):
        return [{"organization": org, "text": self.cleaned_data[f"section_{org.pk}"]} for org in self.targets]


class RequirementForm(_Form):
    organization = forms.ModelChoiceField(label=_("Tổ chức được kiểm tra"), queryset=Organization.objects.none())
    responsible_organization = OrganizationChoiceField(
        label=_("Tổ chức chịu trách nhiệm"), queryset=Organization.objects.none(), required=False,
        help_text=_("Để trống là chính tổ chức được kiểm tra."))
    text = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Thời hạn"))
    priority = forms.ChoiceField(label=_("Mức ưu tiên"), choices=Priority.choices, initial=Priority.NORMAL)
    findings = forms.ModelMultipleChoiceField(label=_("Căn cứ từ kết quả kiểm tra"), queryset=Finding.objects.none(),
                                              required=False)

    def __init__(self, *args, inspection, user, **kwargs):
        kwargs.setdefault("auto_id", "id_req_%s")
        super().__init__(*args, **kwargs)
        targets = list(inspection.target_organizations.all())
        self.fields["organization"].queryset = inspection.target_organizations.all()
        if len(targets) == 1 and not self.initial.get("organization"):
            self.initial["organization"] = targets[0].pk
        below = Q(pk__in=[]) if not targets else Q()
        for org in targets:
            below |= subtree_q(org.path)
        self.fields["responsible_organization"].queryset = (Organization.objects.for_user(user).filter(below)
                                                            .select_related("parent").order_by("path"))
        self.fields["findings"].queryset = inspection.findings.filter(kind=FindingKind.LIMITATION)


class IssueForm(_Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_issue_%s")
        super().__init__(*args, **kwargs)

    signer_position = forms.CharField(label=_("Chức vụ người ký"), required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), required=False)


class InspectionFieldsForm(TeamFieldsMixin, _Form):
    """What the wizard and the edit page share: the inspection's name, units, topics, dates and team."""

    code = forms.CharField(label=_("Mã cuộc kiểm tra"), max_length=50)
    title = forms.CharField(label=_("Tên cuộc kiểm tra"), max_length=500)
    targets = OrganizationMultipleChoiceField(label=_("Tổ chức được kiểm tra"), queryset=Organization.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 8, "data-filterable": ""}))
    topics = forms.ModelMultipleChoiceField(label=_("Nội dung kiểm tra"), queryset=Topic.objects.all(),
                                            widget=forms.CheckboxSelectMultiple)
    period_start = forms.DateField(label=_("Thời kỳ kiểm tra từ"))
    period_end = forms.DateField(label=_("Thời kỳ kiểm tra đến"))
    planned_start = forms.DateField(label=_("Bắt đầu dự kiến"))
    planned_end = forms.DateField(label=_("Kết thúc dự kiến"))

    def clean(self):
        cleaned = super().clean()
        self._team = self.clean_team(cleaned)
        return cleaned


class NewInspectionForm(InspectionFieldsForm):
    """The wizard: where it comes from, whom it inspects, what, when, who goes."""

    field_order = ["head", "members", "program_item", "code", "title", "form", "authority", "conducted_by", "targets",
                   "topics", "period_start", "period_end", "planned_start", "planned_end"]

    program_item = forms.ModelChoiceField(label=_("Theo nội dung chương trình"), queryset=ProgramItem.objects.none(),
                                          required=False, help_text=_("Để trống với cuộc kiểm tra ngoài chương trình."))
    form = forms.ChoiceField(label=_("Hình thức"), choices=InspectionForm.choices, initial=InspectionForm.PERIODIC)
    authority = forms.ModelChoiceField(label=_("Cấp ủy quyết định kiểm tra"), queryset=Organization.objects.none())
    conducted_by = forms.ModelChoiceField(label=_("Cơ quan tiến hành"), queryset=Organization.objects.none())
    include_me = forms.BooleanField(label=_("Tôi là thành viên đoàn"), required=False, initial=True)
    decision_number = forms.IntegerField(label=_("Số quyết định thành lập đoàn"), min_value=1, required=False)
    decision_on = forms.DateField(label=_("Ngày quyết định"), required=False)
    plan_number = forms.IntegerField(label=_("Số kế hoạch kiểm tra"), min_value=1, required=False)
    plan_on = forms.DateField(label=_("Ngày kế hoạch"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = (Organization.objects.for_user(user).filter(valid_to__isnull=True)
                         .select_related("parent").order_by("path"))
        for name in ("authority", "conducted_by", "targets"):
            self.fields[name].queryset = organizations
        self.fields["program_item"].queryset = ProgramItem.objects.for_user(user).select_related("program")

    def team(self):
        members = list(self._team or [])
        if self.cleaned_data.get("include_me") and not any(m.get("user") == self.user for m in members):
            name = self.user.get_full_name() or self.user.get_username()
            same = next((m for m in members if m["full_name"] == name and not m.get("cadre")), None)
            if same:
                same["user"] = self.user
            else:
                members.append({"role": TeamRole.MEMBER, "full_name": name, "user": self.user})
        return members

    def document(self, prefix):
        number, day = self.cleaned_data.get(f"{prefix}_number"), self.cleaned_data.get(f"{prefix}_on")
        return {"number": number, "issued_on": day} if number and day else None

    def service_fields(self):
        data = self.cleaned_data
        keep = ("program_item", "code", "title", "form", "authority", "conducted_by", "period_start", "period_end",
                "planned_start", "planned_end")
        return {**{k: data[k] for k in keep}, "targets": list(data["targets"]), "topics": list(data["topics"]),
                "team": self.team(), "year": data["planned_start"].year}


class EditInspectionForm(InspectionFieldsForm):
    """An inspection after creation: its dates and team while it runs; its units and topics only in draft
    (they are fixed by the decision)."""


    SCALARS = ("code", "title", "period_start", "period_end", "planned_start", "planned_end")

    def __init__(self, *args, user, inspection, **kwargs):
        self.user, self.inspection = user, inspection
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = (Organization.objects.for_user(user).filter(valid_to__isnull=True)
                                           .select_related("parent").order_by("path"))
        self.units_fixed = inspection.status != InspectionStatus.DRAFT
        for name in ("targets", "topics"):
            self.fields[name].disabled = self.units_fixed
            if self.units_fixed:
                self.fields[name].help_text = _("Đã được quyết định; chỉ sửa được khi còn dự thảo.")

    def service_fields(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in self.SCALARS}
        fields["team"] = self._team
        if not self.units_fixed:
            fields |= {"targets": list(data["targets"]), "topics": list(data["topics"])}
        return fields


def edit_initial(inspection):
    return {**{name: getattr(inspection, name) for name in EditInspectionForm.SCALARS},
            "targets": [t.organization_id for t in inspection.targets.all()],
            "topics": [t.pk for t in inspection.topics.all()], **team_initial(inspection)}

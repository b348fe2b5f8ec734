from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from .kinds import kind_choices


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=kind_choices)
    scope = forms.ModelChoiceField(label=_("Phạm vi"), queryset=Organization.objects.none())
    period = forms.CharField(
        label=_("Kỳ báo cáo"), max_length=32,
        help_text=_("Ví dụ: 2019 (năm), 2019-Q1 (quý), 2019-03 (tháng), 2019-W13 (tuần), 2019-03-29 (ngày)."),
    )
    regenerate = forms.BooleanField(label=_("Lập phiên bản mới nếu đã có"), required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"], help_text=_("Ngày ghi trên văn bản báo cáo; mặc định là hôm nay."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Organization.objects.for_user(user).filter(valid_to__isnull=True)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-check-input" if name == "regenerate" else "form-select" if isinstance(
                field.widget, forms.Select) else "form-control"

from django import forms
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.formatting import table_date
from organizations.models import Organization

from .kinds import kind_choices
from .periods import parse_period


class ScopeChoiceField(forms.ModelChoiceField):
    """Organizations labelled so that history and namesakes are told apart:
    "Quận ủy Quận 3 (… – 30/06/2025) – Thành ủy Thành phố Hồ Chí Minh"."""

    def label_from_instance(self, obj):
        label = obj.name
        if obj.valid_from or obj.valid_to:
            label += f" ({table_date(obj.valid_from) or '…'} – {table_date(obj.valid_to) or _g('nay')})"
        if obj.parent_id:
            label += f" – {obj.parent.name}"
        return label


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=kind_choices)
    scope = ScopeChoiceField(
        label=_("Phạm vi"), queryset=Organization.objects.none(),
        help_text=_("Gồm cả tổ chức đã giải thể, sáp nhập: chọn tổ chức còn hoạt động trong kỳ báo cáo."))
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
        # Committees dissolved in a reform stay offered: their history is reported on their own scope.
        self.fields["scope"].queryset = (Organization.objects.for_user(user).select_related("parent")
                                         .order_by("path"))
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-check-input" if name == "regenerate" else "form-select" if isinstance(
                field.widget, forms.Select) else "form-control"

    def clean(self):
        data = super().clean()
        scope, key = data.get("scope"), data.get("period")
        if scope and key:
            try:
                period = parse_period(key)
            except ValueError:
                return data  # the service says what a period looks like
            began_after = scope.valid_from and scope.valid_from > period.end
            ended_before = scope.valid_to and scope.valid_to < period.start
            if began_after or ended_before:
                self.add_error("scope", _g("%(org)s không hoạt động trong kỳ %(period)s.") % {
                    "org": scope.name, "period": period})
        return data

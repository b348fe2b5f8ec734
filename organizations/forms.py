"""Forms of the staff pages (thin: the rules live in the models and services)."""
import datetime

from django import forms

from core.inputs import NormalizedFormMixin

from .models import CellMeeting
from .services import BULK_MEETING_FIELDS


class CellMeetingRowForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = CellMeeting
        fields = BULK_MEETING_FIELDS
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "criticism_held" else "form-control form-control-sm"
            if isinstance(field.widget, forms.Select):
                css = "form-select form-select-sm"
            field.widget.attrs["class"] = css


class BaseBulkFormSet(forms.BaseFormSet):
    """Every row may stay empty: a prefilled month left untouched is not saved."""

    def _construct_form(self, i, **kwargs):
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        return super()._construct_form(i, **kwargs)


CellMeetingBulkFormSet = forms.formset_factory(CellMeetingRowForm, formset=BaseBulkFormSet, extra=0, max_num=60)


def bulk_initial(year, members_total=None):
    """One regular meeting a month of `year`, on the 5th."""
    return [
        {"date": datetime.date(year, month, 5), "kind": "regular", "duration_minutes": 90,
         "members_total": members_total, "content_focus": "mixed"}
        for month in range(1, 13)
    ]


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization labelled with its parent, so that namesakes are told apart:
    "Chi bộ Khu phố 1 – Đảng ủy phường 1" (querysets should select_related("parent"))."""

    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.parent.name}" if obj.parent_id else obj.name


class OrganizationMultipleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = OrganizationChoiceField.label_from_instance

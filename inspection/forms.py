"""Forms of the inspection pages. They read and check what people type; the
services (through pages_actions) decide the rest."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.inputs import NormalizedFormMixin
from core.uploads import validate_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each goes through the site's upload checks
    (type, size, content matching its extension) with their Vietnamese messages."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


class ProgressReportForm(NormalizedFormMixin, forms.Form):
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100)
    files = MultipleFileField(label=_("Tệp đính kèm"), required=False,
                              help_text=_("Có thể chọn hoặc kéo thả nhiều tệp (PDF, Word, Excel, ảnh)."))


class ExtensionRequestForm(NormalizedFormMixin, forms.Form):
    requested_deadline = forms.DateField(label=_("Thời hạn đề nghị"),
                                         help_text=_("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026."))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(NormalizedFormMixin, forms.Form):
    """The Board's decision on a requirement (verify, reopen) or an extension (approve, refuse)."""

    on = forms.DateField(label=_("Ngày hiệu lực"), required=False, help_text=_("dd/mm/yyyy; để trống là hôm nay."))
    comment = forms.CharField(label=_("Ý kiến, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Bắt buộc khi yêu cầu khắc phục lại hoặc không chấp thuận gia hạn."))

    def __init__(self, *args, prefix_id="decision", **kwargs):
        kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)

"""Party documents (with their numbers parsed and proposed), topics and tags."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedHistoryAdmin
from core.errors import ApplicationError
from organizations.models import Term

from ..documents import document_next_number, parse_party_number
from ..models import Document, DocumentFile, Tag, Topic
from .base import FILE_READONLY, Inline


class DocumentForm(forms.ModelForm):
    party_number = forms.CharField(
        label=_("Số văn bản"), required=False,
        help_text=_("Ví dụ 3150-TB/TU; điền vào đây thay cho số, loại và ký hiệu. Để trống số để lấy số tiếp theo."))

    class Meta:
        model = Document
        fields = ["issuer", "issuer_code", "doc_type", "number", "term", "issued_on", "subject", "signer_name",
                  "signer_title", "confidentiality", "bases", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "doc_type", "term"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("party_number"):
            try:
                data["number"], data["doc_type"], data["issuer_code"] = parse_party_number(data["party_number"])
            except ApplicationError as exc:
                raise ValidationError({"party_number": str(exc.message)}) from exc
        issuer = data.get("issuer")
        if issuer and not data.get("issuer_code"):
            data["issuer_code"] = issuer.issuer_code
        if not data.get("term") and data.get("issued_on"):
            data["term"] = Term.objects.for_date(data["issued_on"])
        if not data.get("doc_type"):
            self.add_error("doc_type", gettext("Chọn loại văn bản hoặc nhập số văn bản."))
        elif not data.get("number") and data.get("term") and data.get("issuer_code"):
            data["number"] = document_next_number(issuer_code=data["issuer_code"], doc_type=data["doc_type"],
                                                  term=data["term"], issuer=issuer)
        for name in ("number", "doc_type", "issuer_code", "term"):
            setattr(self.instance, name, data.get(name))
        return data


class DocumentFileInline(Inline):
    model = DocumentFile
    readonly_fields = FILE_READONLY


@admin.register(Document)
class DocumentAdmin(ScopedHistoryAdmin):
    form = DocumentForm
    list_display = ["number_display", "issued_on", "subject", "issuer", "confidentiality"]
    list_filter = ["doc_type", "confidentiality", "term", "issuer_code"]
    search_fields = ["subject", "issuer_code"]
    autocomplete_fields = ["issuer"]
    filter_horizontal = ["bases"]
    inlines = [DocumentFileInline]
    list_select_related = ["issuer"]
    date_hierarchy = "issued_on"

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.uploaded_by = obj.uploaded_by or request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    list_display_links = ["code"]
    search_fields = ["code", "name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]

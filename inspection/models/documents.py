"""Party documents (văn bản của Đảng): numbered `{số}-{loại}/{cơ quan}` per
issuer, type and committee term (HD 36-HD/VPTW)."""
from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.formatting import text_date
from core.inputs import validate_real_date
from core.models import ScopedSearchQuerySet, SearchableModel
from core.scoping import ancestor_paths, subtree_q, user_scope_paths
from core.versioning import VersionedModel
from organizations.models import Organization, Term

from ..choices import Confidentiality, DocumentType
from .base import StoredFile


class DocumentQuerySet(ScopedSearchQuerySet):
    def for_user(self, user):
        """A user sees the documents issued inside their subtrees, and the
        ordinary (not secret) documents of the bodies above them and of outside
        bodies such as the Central Committee: those are addressed downwards,
        except the ones that belong to inspections (a decision, a plan, a
        conclusion notice): those are read only where an inspected unit lies
        in the user's scope (issue #15: another unit's notice is not theirs)."""
        roots = user_scope_paths(user)
        if roots is None:
            return self.all()
        if not roots:
            return self.none()
        above = {path for root in roots for path in ancestor_paths(root, include_self=False)}
        public = Q(confidentiality=Confidentiality.NORMAL) & (Q(issuer__isnull=True) | Q(issuer__path__in=above))
        inside = Organization._base_manager.filter(_subtrees(roots)).values("pk")
        of_inspection = _concerns(None)
        return self.filter(_subtrees(roots, "issuer__") | (public & (~of_inspection | _concerns(inside))))

    def whole_for_user(self, user):
        """The documents `user` reads whole: those they see that concern no
        organization outside their scope, or that their own subtree issued. A
        joint notice seen through one unit is read in its parts (the API, the
        generated notice), not as the stored file that names every unit."""
        roots = user_scope_paths(user)
        if roots is None:
            return self.all()
        outside = Organization._base_manager.exclude(_subtrees(roots)).values("pk")
        return self.for_user(user).filter(_subtrees(roots, "issuer__") | ~_concerns(outside))


def _subtrees(roots, prefix=""):
    condition = Q()
    for root in roots:
        condition |= subtree_q(root, prefix)
    return condition


def _concerns(organizations):
    """Q: the document belongs to an inspection (decision, plan or notice) that targets one of
    `organizations` (None: to any inspection)."""
    Inspection, Conclusion = (apps.get_model("inspection", name) for name in ("Inspection", "Conclusion"))
    inspections = Inspection._base_manager.all()
    if organizations is not None:
        inspections = inspections.filter(targets__organization__in=organizations)
    notices = Conclusion._base_manager.filter(document=OuterRef("pk"))
    if organizations is not None:
        notices = notices.filter(inspection__in=inspections)
    return (Exists(inspections.filter(decision_document=OuterRef("pk")))
            | Exists(inspections.filter(plan_document=OuterRef("pk"))) | Exists(notices))


def format_party_number(number, doc_type, issuer_code):
    return f"{number:02d}-{doc_type}/{issuer_code}"


class Document(VersionedModel, SearchableModel):
    SCOPE_FIELD = "issuer"
    WRITE_SCOPE_FIELDS = ("issuer",)
    # The party number within the issuer's term (issuers outside the system: services/documents.py).
    NATURAL_KEY = ("issuer", "doc_type", "term", "number")
    REDACTED_FIELDS = ("subject", "notes")  # free text: other units' names hidden (core.concern)
    SEARCH_FIELDS = ("number_display", "subject", "signer_name")

    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="issued_documents",
        help_text=_("Để trống với cơ quan ngoài hệ thống, ví dụ Trung ương (TW)."),
    )
    issuer_code = models.CharField(
        _("ký hiệu cơ quan ban hành"), max_length=20, blank=True,
        help_text=_("Phần sau dấu / trong số văn bản; lấy theo cơ quan ban hành nếu để trống."),
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("số"))
    term = models.ForeignKey(Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="documents")
    issued_on = models.DateField(_("ngày ban hành"), validators=[validate_real_date])
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(
        _("thẩm quyền, chức vụ người ký"), max_length=255, blank=True, help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ.")
    )
    confidentiality = models.CharField(
        _("độ mật"), max_length=10, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    bases = models.ManyToManyField(
        "self", verbose_name=_("căn cứ"), symmetrical=False, blank=True, related_name="grounded_documents"
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày nhập"), default=timezone.now, editable=False)

    history = audited(excluded_fields=["search_text"])
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["issuer_code", "doc_type", "term"], name="document_numbering_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_type", "term", "number"], condition=Q(issuer__isnull=False),
                name="document_number_unique_per_issuer",
                violation_error_message=_("Số văn bản này đã được cơ quan ban hành dùng trong nhiệm kỳ."),
            ),
            models.UniqueConstraint(
                fields=["issuer_code", "doc_type", "term", "number"], condition=Q(issuer__isnull=True),
                name="document_number_unique_outside_issuer",
                violation_error_message=_("Số văn bản này đã được cơ quan ban hành dùng trong nhiệm kỳ."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_number_positive"),
            models.CheckConstraint(condition=~Q(issuer_code=""), name="document_issuer_code_required"),
        ]

    def __str__(self):
        """"3150-TB/TU ngày 29/3/2019", "05-QĐ/BTCTU ngày 02/7/2019" (dates in running text, HD 36)."""
        return f"{self.number_display} ngày {text_date(self.issued_on)}" if self.issued_on else self.number_display

    @property
    def number_display(self) -> str:
        if not self.number or not self.doc_type:
            return ""
        return format_party_number(self.number, self.doc_type, self.issuer_code)

    # Its column title wherever a list shows it (the admin would print "NUMBER DISPLAY").
    number_display.fget.short_description = _("số, ký hiệu")

    def clean(self):
        if self.issuer_id and not self.issuer_code:
            self.issuer_code = self.issuer.issuer_code
        if not self.term_id and self.issued_on:
            self.term = Term.objects.for_date(self.issued_on)
        super().clean()


class DocumentFile(StoredFile):
    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="files")

    history = audited()

    class Meta:
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")
        ordering = ["document", "pk"]


class Topic(models.Model):
    """A managed list of inspection topics (nội dung kiểm tra)."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("nội dung"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = audited()

    class Meta:
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = _("nội dung kiểm tra")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A label grouping limitations found again and again, e.g. tu-phe-binh-yeu."""

    slug = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("nhãn"), max_length=255)

    history = audited()

    class Meta:
        verbose_name = _("nhãn")
        verbose_name_plural = _("nhãn")
        ordering = ["slug"]

    def __str__(self):
        return self.name

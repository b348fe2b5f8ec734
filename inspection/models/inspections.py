"""An inspection (cuộc kiểm tra) per QĐ 331-QĐ/TW, its targets, team,
self-inspection reports and transition log."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.inputs import validate_real_date, validate_real_year
from core.models import ScopedSearchQuerySet, SearchableModel
from core.scoping import ScopedQuerySet
from organizations.choices import OrganizationLevel
from organizations.models import Organization

from ..choices import InspectionForm, InspectionStatus, TeamRole
from .base import StoredFile
from .documents import Document, Topic
from .programs import ProgramItem

# QĐ 331: at most 60 days (central), 45 (city/province), 20 (level directly
# above grassroots), extendable once by a third. Keyed by the authority's level.
CENTRAL_ISSUER_CODE = "TW"
CENTRAL_DURATION_DAYS = 60
DURATION_LIMIT_DAYS = {OrganizationLevel.CITY: 45, OrganizationLevel.UPPER: 20}
DEFAULT_DURATION_DAYS = 20
# The limits are QĐ 331's: an inspection decided before it came into force is not judged by them.
DURATION_RULES_FROM = datetime.date(2025, 6, 18)
PERIOD_MAX_YEARS = 5


def _days(start, end):
    return (end - start).days + 1


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Inspection(SearchableModel):
    """Visible to a user when ANY inspected organization is in their subtree:
    a Củ Chi user sees the joint inspection, but only Củ Chi's findings."""
    WRITE_SCOPE_FIELDS = ("targets__organization",)
    NATURAL_KEY = ("code",)
    REDACTED_FIELDS = ("title", "notes")  # free text: other units' names hidden (core.concern)

    SCOPE_FIELD = "targets__organization"
    SCOPE_MULTI = True
    SEARCH_FIELDS = ("code", "title")

    code = models.CharField(_("mã cuộc kiểm tra"), max_length=50, unique=True)
    title = models.CharField(_("tên cuộc kiểm tra"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_real_year], db_index=True)
    program_item = models.ForeignKey(
        ProgramItem, verbose_name=_("nội dung chương trình"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="inspections", help_text=_("Để trống với cuộc kiểm tra đột xuất, ngoài chương trình."),
    )
    authority = models.ForeignKey(
        Organization, verbose_name=_("cấp ủy quyết định kiểm tra"), on_delete=models.PROTECT,
        related_name="authorized_inspections",
    )
    conducted_by = models.ForeignKey(
        Organization, verbose_name=_("cơ quan tiến hành"), on_delete=models.PROTECT,
        related_name="conducted_inspections",
    )
    form = models.CharField(_("hình thức"), max_length=24, choices=InspectionForm.choices,
                            default=InspectionForm.PERIODIC)
    topics = models.ManyToManyField(Topic, verbose_name=_("nội dung kiểm tra"), related_name="inspections")
    target_organizations = models.ManyToManyField(
        Organization, verbose_name=_("tổ chức được kiểm tra"), through="InspectionTarget",
        related_name="inspections",
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT,
        editable=False, db_index=True,
    )
    decision_document = models.ForeignKey(
        Document, verbose_name=_("quyết định thành lập đoàn"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="decided_inspections",
    )
    plan_document = models.ForeignKey(
        Document, verbose_name=_("kế hoạch kiểm tra"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="planned_inspections",
    )
    period_start = models.DateField(_("thời kỳ kiểm tra từ"), validators=[validate_real_date], null=True, blank=True)
    period_end = models.DateField(_("thời kỳ kiểm tra đến"), validators=[validate_real_date], null=True, blank=True)
    planned_start = models.DateField(_("bắt đầu dự kiến"), validators=[validate_real_date], null=True, blank=True)
    planned_end = models.DateField(_("kết thúc dự kiến"), validators=[validate_real_date], null=True, blank=True)
    actual_start = models.DateField(_("ngày công bố"), null=True, blank=True, editable=False)
    actual_end = models.DateField(_("ngày kết luận"), null=True, blank=True, editable=False)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now, editable=False)

    history = audited(excluded_fields=["search_text"])
    objects = ScopedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-year", "code"]
        # The lists' order (findings sort by their inspection first): a page walks it instead of sorting a year.
        indexes = [models.Index(fields=["-year", "code"], name="inspection_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="inspection_period_order",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="inspection_planned_order",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _g("Thời kỳ kiểm tra: ngày kết thúc phải sau ngày bắt đầu.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _g("Ngày kết thúc dự kiến phải sau ngày bắt đầu dự kiến.")
        if errors:
            raise ValidationError(errors)

    # --- QĐ 331 limits, shipped as warnings -----------------------------------
    @property
    def duration_limit_days(self):
        if self.authority.parent_id is None and self.authority.issuer_code == CENTRAL_ISSUER_CODE:
            return CENTRAL_DURATION_DAYS
        return DURATION_LIMIT_DAYS.get(self.authority.level, DEFAULT_DURATION_DAYS)

    @property
    def decided_on(self):
        """The day of the inspection decision (its document), else the planned or actual start."""
        document = self.decision_document
        return (document.issued_on if document is not None and document.issued_on else None) or \
            self.planned_start or self.actual_start

    @property
    def duration_rules_apply(self):
        """QĐ 331's durations judge inspections decided on or after 18/6/2025 (the procedure of their day)."""
        decided = self.decided_on
        return decided is not None and decided >= DURATION_RULES_FROM

    @property
    def extended_limit_days(self):
        return self.duration_limit_days + self.duration_limit_days // 3

    def _duration_warning(self, label, days):
        values = {"label": label, "days": days, "limit": self.duration_limit_days,
                  "extended": self.extended_limit_days}
        if days > self.extended_limit_days:
            return _g("%(label)s %(days)s ngày, vượt cả thời hạn đã gia hạn "
                      "(%(limit)s ngày + 1/3 = %(extended)s ngày).") % values
        if days > self.duration_limit_days:
            return _g("%(label)s %(days)s ngày, vượt thời hạn %(limit)s ngày; "
                      "cần quyết định gia hạn (tối đa %(extended)s ngày).") % values
        return None

    def warnings(self, today=None):
        """Soft rules of QĐ 331 that the Board may knowingly break: a list of messages."""
        today = today or timezone.localdate()
        found = []
        reference = self.planned_start or self.actual_start or today
        if self.period_start and self.period_start < _years_before(reference, PERIOD_MAX_YEARS):
            found.append(_g("Thời kỳ kiểm tra bắt đầu từ %(start)s, quá %(years)s năm gần nhất.") % {
                "start": self.period_start.strftime("%d/%m/%Y"), "years": PERIOD_MAX_YEARS})
        if not self.duration_rules_apply:
            return [message for message in found if message]
        if self.planned_start and self.planned_end:
            found.append(self._duration_warning(_g("Thời gian dự kiến"), _days(self.planned_start, self.planned_end)))
        if self.actual_start:
            found.append(self._duration_warning(_g("Thời gian thực tế"),
                                                _days(self.actual_start, self.actual_end or today)))
        return [message for message in found if message]


class InspectionTarget(models.Model):
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("inspection__targets__organization",)

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE, related_name="targets"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức được kiểm tra"), on_delete=models.PROTECT,
        related_name="inspection_targets",
    )

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức được kiểm tra")
        verbose_name_plural = _("tổ chức được kiểm tra")
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "organization"], name="inspection_target_unique"),
        ]

    def __str__(self):
        return str(self.organization)


class TeamMember(models.Model):
    """A member of the inspection team: a user of the system, a cadre record,
    or just a name (e.g. someone seconded from another body)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE,
                                   related_name="team")
    role = models.CharField(_("vai trò trong đoàn"), max_length=12, choices=TeamRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="inspection_teams")
    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("cán bộ"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="inspection_teams")
    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("đoàn kiểm tra")
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection"], condition=Q(role=TeamRole.HEAD), name="team_one_head"),
            models.CheckConstraint(condition=~Q(full_name=""), name="team_member_named"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if not self.full_name and self.cadre_id:
            self.full_name = self.cadre.full_name
        if not self.full_name and self.user_id:
            self.full_name = self.user.get_full_name() or self.user.get_username()
        if not self.full_name:
            raise ValidationError({"full_name": _g("Nhập họ tên, chọn người dùng hoặc chọn cán bộ.")})


class SelfInspectionReport(StoredFile):
    """Báo cáo tự kiểm tra received from one inspected organization."""
    WRITE_SCOPE_FIELDS = ("organization",)

    SCOPE_FIELD = "organization"

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.PROTECT,
                                   related_name="self_reports")
    organization = models.ForeignKey(Organization, verbose_name=_("tổ chức báo cáo"), on_delete=models.PROTECT,
                                     related_name="self_inspection_reports")
    received_on = models.DateField(_("ngày nhận"), validators=[validate_real_date])
    file = models.FileField(_("tệp"), upload_to="inspection/self-reports/%Y/", max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tự kiểm tra")
        verbose_name_plural = _("báo cáo tự kiểm tra")
        ordering = ["inspection", "received_on", "pk"]

    def __str__(self):
        return _g("Báo cáo tự kiểm tra của %(org)s") % {"org": self.organization}

    def clean(self):
        super().clean()
        if self.inspection_id and self.organization_id and not self.inspection.targets.filter(
            organization_id=self.organization_id
        ).exists():
            raise ValidationError({"organization": _g("Tổ chức này không thuộc đối tượng của cuộc kiểm tra.")})


class InspectionTransition(models.Model):
    """Append-only log of status changes (who, when, why): it is itself the
    audit of the status field, so it carries no separate history table."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE,
                                   related_name="transitions")
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=InspectionStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=InspectionStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT,
                           null=True, related_name="+")
    at = models.DateTimeField(_("ngày hiệu lực"), default=timezone.now)  # the day the user says it took effect
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), default=timezone.now, editable=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chuyển trạng thái")
        verbose_name_plural = _("nhật ký chuyển trạng thái")
        ordering = ["inspection", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


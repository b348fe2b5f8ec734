"""People and titles: the title catalogue with its standards, the cadres, and the
record of each XLSX import."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.models import ScopedSearchQuerySet, SearchableModel
from core.tasks import heartbeat_is_stale, stale_before
from core.uploads import validate_new_upload
from organizations.choices import OrganizationLevel

from ..choices import EducationLevel, Gender, ImportStage, ImportStatus, StateManagementLevel, TheoryLevel
from .base import _ordered_dates


class Title(models.Model):
    """A title (chức danh) of one organization level with its standards as data
    (CP-4: minimum political-theory level; CP-3 and AP-1: age limits)."""

    code = models.SlugField(_("mã chức danh"), max_length=50, unique=True)
    name = models.CharField(_("tên chức danh"), max_length=255)
    level = models.CharField(_("cấp"), max_length=16, choices=OrganizationLevel.choices)
    is_key = models.BooleanField(_("lãnh đạo chủ chốt"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    min_theory_level = models.CharField(
        _("trình độ lý luận chính trị tối thiểu"), max_length=16, choices=TheoryLevel.choices, blank=True
    )
    max_age_first_planning = models.PositiveSmallIntegerField(
        _("tuổi tối đa khi quy hoạch lần đầu"), null=True, blank=True
    )
    max_age_first_appointment = models.PositiveSmallIntegerField(
        _("tuổi tối đa khi bổ nhiệm lần đầu"), null=True, blank=True
    )
    equivalence_group = models.SlugField(
        _("nhóm chức danh tương đương"), max_length=50, blank=True,
        help_text=_("Các chức danh cùng nhóm được coi là tương đương khi đối chiếu quy hoạch với bổ nhiệm."),
    )
    other_requirements = models.TextField(_("tiêu chuẩn khác"), blank=True)

    history = audited()

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")
        ordering = ["level", "sort_order", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"

    def equivalent_ids(self):
        """Ids of this title and the titles of its equivalence group."""
        if not self.equivalence_group:
            return [self.pk]
        return list(Title.objects.filter(equivalence_group=self.equivalence_group).values_list("pk", flat=True))


class CadreQuerySet(ScopedSearchQuerySet):
    pass


class Cadre(SearchableModel):
    """A cadre (cán bộ). Personal data: seen only inside the user's scope, and
    by API clients only when granted. `theory_level` is the highest level
    obtained so far, kept right by the training services."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    NATURAL_KEY = ("code",)

    SEARCH_FIELDS = ("code", "full_name")

    code = models.CharField(_("mã cán bộ"), max_length=30, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=255)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, default="Kinh")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT,
        related_name="cadres",
    )
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    theory_level = models.CharField(
        _("trình độ lý luận chính trị"), max_length=16, choices=TheoryLevel.choices, default=TheoryLevel.NONE,
        db_index=True,
    )
    theory_level_obtained_on = models.DateField(_("ngày đạt trình độ lý luận chính trị"), null=True, blank=True)
    education_level = models.CharField(
        _("trình độ chuyên môn"), max_length=16, choices=EducationLevel.choices, blank=True
    )
    state_management_level = models.CharField(
        _("trình độ quản lý nhà nước"), max_length=16, choices=StateManagementLevel.choices,
        default=StateManagementLevel.NONE,
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    history = audited(excluded_fields=["search_text"])
    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name", "code"]
        constraints = [
            _ordered_dates("birth_date", "party_joined_on", "cadre_joined_after_birth"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.code})"


class CadreImportQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])

    def stale(self, now=None):
        """Queued or running imports whose task shows no sign of life (core.tasks)."""
        return self.active().filter(heartbeat_at__lt=stale_before(now))


class CadreImport(models.Model):
    """One run of the XLSX import: who, which file, what was saved and what was
    rejected (kept so that a partial import, "only valid rows", is on record).
    A large file is kept in `file` and imported by the worker (cadres.tasks):
    `status`, `stage` and rows done / total follow it; the file is deleted
    once the run ends. Only the uploader follows a run."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    filename = models.CharField(_("tệp"), max_length=255)
    only_valid = models.BooleanField(_("chỉ nhập các dòng hợp lệ"), default=False)
    saved = models.BooleanField(_("đã ghi dữ liệu"), default=False)
    counts = models.JSONField(_("số dòng"), default=dict)
    errors = models.JSONField(_("dòng lỗi"), default=list)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.DONE, db_index=True)
    stage = models.CharField(_("bước"), max_length=10, choices=ImportStage.choices, blank=True)
    rows_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    rows_total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    file = models.FileField(_("tệp chờ xử lý"), upload_to="imports/cadres/%Y/%m/", max_length=255, blank=True,
                            validators=[validate_new_upload])
    error = models.TextField(_("lỗi"), blank=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    objects = CadreImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập dữ liệu cán bộ")
        verbose_name_plural = _("lần nhập dữ liệu cán bộ")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_active(self):
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    def is_stale(self, now=None):
        return self.is_active and heartbeat_is_stale(self.heartbeat_at, now)

    @property
    def percent(self):
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        share = {ImportStage.READING: (0, 40), ImportStage.CHECKING: (40, 50), ImportStage.SAVING: (90, 10)}
        start, width = share.get(self.stage, (0, 0))
        return min(99, start + width * self.rows_done // self.rows_total)

"""Cadres and what the cadre-work inspections examine: titles with their
standards, planning (quy hoạch), training, movements, and the thresholds of the
rules as data. Every record that names a person is scoped through the
cadre's current organization (personal data, see cadres.api.permissions).

Valid time: title assignments, planning entries, trainings and movements
carry their own dates, so every selector answers "as of date D"."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.models import ScopedSearchQuerySet, SearchableModel
from core.scoping import ScopedQuerySet
from organizations.choices import OrganizationLevel

from .choices import (
    EducationLevel,
    Gender,
    MovementKind,
    PlanningStatus,
    RemovalReason,
    StateManagementLevel,
    TheoryLevel,
    TrainingKind,
    TrainingStatus,
)


def _active_on_q(day, start, end):
    """start <= day and (end is null or end > day): [start, end) intervals."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def _ordered_dates(first, second, name):
    return models.CheckConstraint(
        condition=Q(**{f"{second}__isnull": True}) | Q(**{f"{first}__isnull": True})
        | Q(**{f"{second}__gte": F(first)}),
        name=name,
        violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
    )


def _check(condition, name, message):
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def _check_title_level(title, organization, field="title"):
    """A title of the catalogue belongs to one organization level."""
    if title is not None and organization is not None and title.level != organization.level:
        raise ValidationError({field: _("Chức danh “%(title)s” không thuộc cấp của tổ chức “%(org)s”.")
                               % {"title": title.name, "org": organization.name}})


# --- Thresholds as data -------------------------------------------------------
class PlanningNorm(models.Model):
    """The thresholds of the planning, rotation and appointment rules for one
    organization level, in force from `valid_from` (CP-1, CP-2, RT-1, AP-1).
    The defaults come from the migration `seed_norms`; staff may edit them."""

    level = models.CharField(_("cấp"), max_length=16, choices=OrganizationLevel.choices)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    young_age = models.PositiveSmallIntegerField(_("tuổi trẻ (dưới)"), help_text=_("Cán bộ trẻ: dưới số tuổi này."))
    young_min_percent = models.PositiveSmallIntegerField(_("tỷ lệ cán bộ trẻ tối thiểu (%)"), default=15)
    women_min_percent = models.PositiveSmallIntegerField(_("tỷ lệ cán bộ nữ tối thiểu (%)"), default=25)
    max_people_per_title = models.PositiveSmallIntegerField(_("số người tối đa cho một chức danh"), default=3)
    max_titles_per_person = models.PositiveSmallIntegerField(_("số chức danh tối đa cho một người"), default=3)
    min_rotation_years = models.PositiveSmallIntegerField(_("thời gian luân chuyển tối thiểu (năm)"), default=3)
    min_years_before_retirement = models.PositiveSmallIntegerField(
        _("số năm công tác còn lại tối thiểu khi bổ nhiệm lần đầu"), default=5
    )
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("định mức quy hoạch")
        verbose_name_plural = _("định mức quy hoạch")
        ordering = ["level", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["level", "valid_from"], name="planning_norm_unique_start"),
            _ordered_dates("valid_from", "valid_to", "planning_norm_valid_range"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.valid_from:%d/%m/%Y})"


class RetirementAge(models.Model):
    """Retirement age by gender for people reaching it from `applies_from`
    (Bộ luật Lao động 2019 art. 169, Nghị định 135/2020/NĐ-CP: +3 months a year
    for men up to 62, +4 months a year for women up to 60, from 2021)."""

    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    applies_from = models.DateField(_("áp dụng cho người đủ tuổi từ"))
    years = models.PositiveSmallIntegerField(_("số năm"))
    months = models.PositiveSmallIntegerField(_("số tháng"), default=0)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("tuổi nghỉ hưu")
        verbose_name_plural = _("tuổi nghỉ hưu")
        ordering = ["gender", "applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["gender", "applies_from"], name="retirement_age_unique_start"),
            _check(Q(months__lt=12), "retirement_age_months_lt_12", _("Số tháng phải nhỏ hơn 12.")),
        ]

    def __str__(self):
        return f"{self.get_gender_display()} {self.years}t{self.months}th ({self.applies_from:%Y})"


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


# --- People -------------------------------------------------------------------
class CadreQuerySet(ScopedSearchQuerySet):
    pass


class Cadre(SearchableModel):
    """A cadre (cán bộ). Personal data: seen only inside the user's scope, and
    by API clients only when granted. `theory_level` is the highest level
    obtained so far, kept right by the training services."""

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


class CadreRecordQuerySet(ScopedQuerySet):
    pass


class TitleAssignmentQuerySet(CadreRecordQuerySet):
    def active_on(self, day):
        return self.filter(_active_on_q(day, "started_on", "ended_on"))


class TitleAssignment(models.Model):
    """Who held which title where, from `started_on` to `ended_on` (exclusive)."""

    SCOPE_FIELD = "cadre__organization"

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="title_assignments"
    )
    title = models.ForeignKey(Title, verbose_name=_("chức danh"), on_delete=models.PROTECT, related_name="assignments")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("tại tổ chức"), on_delete=models.PROTECT,
        related_name="title_assignments",
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("quyết định"), max_length=100, blank=True)

    history = audited()
    objects = TitleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức danh đảm nhiệm")
        verbose_name_plural = _("chức danh đảm nhiệm")
        ordering = ["cadre", "-started_on", "pk"]
        constraints = [_ordered_dates("started_on", "ended_on", "title_assignment_range")]
        indexes = [models.Index(fields=["organization", "title"], name="title_assignment_org_title")]

    def __str__(self):
        return f"{self.cadre.full_name}: {self.title.name}"

    def clean(self):
        super().clean()
        _check_title_level(self.title if self.title_id else None, self.organization if self.organization_id else None)


class PlanningEntryQuerySet(CadreRecordQuerySet):
    def in_plan_on(self, day):
        """Entries in the approved plan on `day`: approved by then and not yet removed."""
        return self.filter(approved_on__isnull=False, approved_on__lte=day).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gt=day)
        )


class PlanningEntry(models.Model):
    """One name in one committee's plan (quy hoạch) for a title and a term.
    The yearly "động – mở" review adds entries (`added_on`), approves them and
    removes them (`removed_on`, reason); entries are never deleted, so the plan
    of any date can be rebuilt (PlanningEntryQuerySet.in_plan_on)."""

    SCOPE_FIELD = "cadre__organization"

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="planning_entries"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("chức danh"), on_delete=models.PROTECT, related_name="planning_entries"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("tổ chức quy hoạch"), on_delete=models.PROTECT,
        related_name="planning_entries",
    )
    term = models.ForeignKey(
        "organizations.Term", verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="planning_entries"
    )
    decision = models.CharField(_("quyết định phê duyệt"), max_length=100, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanningStatus.choices, default=PlanningStatus.PROPOSED, db_index=True
    )
    added_on = models.DateField(_("ngày đưa vào quy hoạch"))
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    removed_on = models.DateField(_("ngày đưa ra khỏi quy hoạch"), null=True, blank=True)
    removal_reason = models.CharField(_("lý do đưa ra"), max_length=16, choices=RemovalReason.choices, blank=True)
    removal_note = models.TextField(_("ghi chú lý do"), blank=True)

    history = audited()
    objects = PlanningEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy hoạch cán bộ")
        verbose_name_plural = _("quy hoạch cán bộ")
        ordering = ["organization", "term", "title", "cadre", "added_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "title", "organization", "term"], condition=Q(removed_on__isnull=True),
                name="planning_entry_one_open",
            ),
            _ordered_dates("added_on", "approved_on", "planning_entry_approved_after_added"),
            _ordered_dates("added_on", "removed_on", "planning_entry_removed_after_added"),
            _check(
                (Q(status=PlanningStatus.REMOVED) & Q(removed_on__isnull=False) & ~Q(removal_reason=""))
                | (~Q(status=PlanningStatus.REMOVED) & Q(removed_on__isnull=True)),
                "planning_entry_removed_has_date_reason",
                _("Mục đã đưa ra khỏi quy hoạch phải có ngày và lý do đưa ra (và chỉ mục đó mới có)."),
            ),
            _check(
                ~Q(status=PlanningStatus.APPROVED) | Q(approved_on__isnull=False),
                "planning_entry_approved_has_date", _("Mục đã phê duyệt phải có ngày phê duyệt."),
            ),
            _check(
                ~Q(status=PlanningStatus.PROPOSED) | Q(approved_on__isnull=True),
                "planning_entry_proposed_no_approval", _("Mục mới đề xuất chưa có ngày phê duyệt."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "term", "title"], name="planning_entry_plan")]

    def __str__(self):
        return f"{self.cadre.full_name}: {self.title.name} ({self.term})"

    def clean(self):
        super().clean()
        _check_title_level(self.title if self.title_id else None, self.organization if self.organization_id else None)


class TrainingRecordQuerySet(CadreRecordQuerySet):
    def studying_on(self, day):
        """Courses under way on `day` (started, not yet ended), whatever their status now."""
        return self.exclude(status=TrainingStatus.PLANNED).filter(
            started_on__isnull=False, started_on__lte=day
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))

    def completed_by(self, day):
        return self.filter(status=TrainingStatus.COMPLETED, ended_on__lte=day)


class TrainingRecord(models.Model):
    """Training and fostering (đào tạo, bồi dưỡng): planned → studying → completed.
    A completed political-theory course raises the cadre's theory level."""

    SCOPE_FIELD = "cadre__organization"

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="trainings")
    kind = models.CharField(_("loại"), max_length=20, choices=TrainingKind.choices)
    theory_level = models.CharField(
        _("trình độ lý luận chính trị"), max_length=16, choices=TheoryLevel.choices, blank=True,
        help_text=_("Bắt buộc với khóa lý luận chính trị."),
    )
    course = models.CharField(_("tên khóa học"), max_length=255, blank=True)
    institution = models.CharField(_("cơ sở đào tạo"), max_length=255, blank=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED, db_index=True
    )
    certificate = models.CharField(_("văn bằng, chứng chỉ"), max_length=255, blank=True)

    history = audited()
    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("đào tạo, bồi dưỡng")
        verbose_name_plural = _("đào tạo, bồi dưỡng")
        ordering = ["cadre", "-started_on", "pk"]
        constraints = [
            _ordered_dates("started_on", "ended_on", "training_range"),
            _check(
                ~Q(status=TrainingStatus.COMPLETED) | Q(ended_on__isnull=False),
                "training_completed_has_end", _("Khóa học đã hoàn thành phải có ngày kết thúc."),
            ),
            _check(
                Q(status=TrainingStatus.PLANNED) | Q(started_on__isnull=False),
                "training_started_has_start", _("Khóa học đang học hoặc đã hoàn thành phải có ngày bắt đầu."),
            ),
            _check(
                ~Q(kind=TrainingKind.POLITICAL_THEORY) | (~Q(theory_level="") & ~Q(theory_level=TheoryLevel.NONE)),
                "training_theory_has_level", _("Khóa lý luận chính trị phải ghi trình độ (sơ cấp, trung cấp, ...)."),
            ),
        ]

    def __str__(self):
        label = self.get_theory_level_display() if self.theory_level else self.course
        return f"{self.cadre.full_name}: {self.get_kind_display()} {label}".strip()


class MovementQuerySet(CadreRecordQuerySet):
    def effective_by(self, day):
        return self.filter(effective_on__lte=day)


class Movement(models.Model):
    """Rotation, transfer, appointment or reappointment of a cadre: from an
    organization and title to another, by a decision, from `effective_on`
    (rotations end on `ended_on`)."""

    SCOPE_FIELD = "cadre__organization"

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("hình thức"), max_length=16, choices=MovementKind.choices, db_index=True)
    from_organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("từ tổ chức"), on_delete=models.PROTECT,
        related_name="movements_out", null=True, blank=True,
    )
    from_title = models.ForeignKey(
        Title, verbose_name=_("từ chức danh"), on_delete=models.PROTECT, related_name="movements_out",
        null=True, blank=True,
    )
    to_organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("đến tổ chức"), on_delete=models.PROTECT,
        related_name="movements_in",
    )
    to_title = models.ForeignKey(
        Title, verbose_name=_("đến chức danh"), on_delete=models.PROTECT, related_name="movements_in",
        null=True, blank=True,
    )
    decision = models.CharField(_("quyết định"), max_length=100)
    effective_on = models.DateField(_("ngày hiệu lực"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True, help_text=_("Bắt buộc với luân chuyển."))
    notes = models.TextField(_("ghi chú"), blank=True)

    history = audited()
    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("luân chuyển, điều động, bổ nhiệm")
        verbose_name_plural = _("luân chuyển, điều động, bổ nhiệm")
        ordering = ["-effective_on", "pk"]
        constraints = [
            _ordered_dates("effective_on", "ended_on", "movement_range"),
            _check(
                ~Q(kind=MovementKind.ROTATION) | Q(ended_on__isnull=False),
                "movement_rotation_has_end", _("Luân chuyển phải có ngày kết thúc."),
            ),
            _check(
                ~Q(kind__in=[MovementKind.APPOINTMENT, MovementKind.REAPPOINTMENT]) | Q(to_title__isnull=False),
                "movement_appointment_has_title", _("Bổ nhiệm, bổ nhiệm lại phải ghi chức danh được bổ nhiệm."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.cadre.full_name} ({self.effective_on:%d/%m/%Y})"

    def clean(self):
        super().clean()
        _check_title_level(
            self.to_title if self.to_title_id else None,
            self.to_organization if self.to_organization_id else None, "to_title",
        )
        _check_title_level(
            self.from_title if self.from_title_id else None,
            self.from_organization if self.from_organization_id else None, "from_title",
        )


class CadreImport(models.Model):
    """One run of the XLSX import: who, which file, what was saved and what was
    rejected (kept so that a partial import, "only valid rows", is on record)."""

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

    class Meta:
        verbose_name = _("lần nhập dữ liệu cán bộ")
        verbose_name_plural = _("lần nhập dữ liệu cán bộ")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"

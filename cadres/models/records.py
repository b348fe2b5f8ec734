"""What happens to a cadre over time, each with its own dates so that every
selector answers "as of date D": titles held, planning entries, trainings and
movements. Scoped through the cadre's current organization."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited

from ..choices import (
    TITLED_MOVEMENTS,
    MovementKind,
    PlanningStatus,
    RemovalReason,
    TheoryLevel,
    TrainingKind,
    TrainingStatus,
)
from .base import CadreRecordQuerySet, _active_on_q, _check, _check_title_level, _ordered_dates
from .people import Cadre, Title


class TitleAssignmentQuerySet(CadreRecordQuerySet):
    def active_on(self, day):
        return self.filter(_active_on_q(day, "started_on", "ended_on"))


class TitleAssignment(models.Model):
    """Who held which title where, from `started_on` to `ended_on` (exclusive)."""
    WRITE_SCOPE_FIELDS = ("cadre__organization",)

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
    WRITE_SCOPE_FIELDS = ("cadre__organization", "organization")
    NATURAL_KEY = ("cadre", "title", "organization", "term")  # among the entries still in the plan
    NATURAL_KEY_CONDITION = Q(removed_on__isnull=True)

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

    def duplicate_message(self):
        return _("Cán bộ này đã có trong quy hoạch chức danh này của nhiệm kỳ.")

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
    WRITE_SCOPE_FIELDS = ("cadre__organization",)

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
    """Rotation, transfer, election, designation, appointment or reappointment of a cadre: from an
    organization and title to another, by a decision, from `effective_on`
    (rotations end on `ended_on`)."""
    WRITE_SCOPE_FIELDS = ("cadre__organization",)

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
                ~Q(kind__in=TITLED_MOVEMENTS) | Q(to_title__isnull=False),
                "movement_post_has_title",
                _("Bầu, chỉ định, bổ nhiệm, bổ nhiệm lại phải ghi chức danh được bầu, chỉ định hoặc bổ nhiệm."),
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

"""Cell meetings (sinh hoạt chi bộ)."""
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.inputs import NormalizedTextMixin, validate_real_date
from core.scoping import ScopedQuerySet
from core.uploads import validate_new_upload

from ..choices import OrganizationKind
from ..metrics import meets_attendance_test
from ..record_choices import ContentFocus, MeetingKind, MeetingQuality
from .base import DerivedFieldsMixin, count_field, validate_not_future
from .tree import Organization

CELL_KINDS = {OrganizationKind.SUBORDINATE_CELL, OrganizationKind.GRASSROOTS_CELL}


class CellMeeting(NormalizedTextMixin, DerivedFieldsMixin, models.Model):
    """One meeting of a cell. `meets_attendance_test` (HD 12: more than 85 %
    present and nobody absent without reason) is derived and stored so that
    lists can filter on it; save() keeps it right."""
    WRITE_SCOPE_FIELDS = ("cell",)
    NATURAL_KEY = ("cell", "date", "kind")

    SCOPE_FIELD = "cell"
    DERIVED_FIELDS = ("meets_attendance_test",)

    cell = models.ForeignKey(Organization, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("ngày sinh hoạt"), validators=[validate_real_date, validate_not_future])
    kind = models.CharField(_("hình thức"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    topic = models.CharField(_("chủ đề, nội dung"), max_length=255, blank=True)
    duration_minutes = count_field(_("thời lượng (phút)"), minimum=1)
    members_total = count_field(_("tổng số đảng viên"), minimum=1)
    present = count_field(_("có mặt"))
    absent_excused = count_field(_("vắng có lý do"), default=0)
    absent_unexcused = count_field(_("vắng không lý do"), default=0)
    spoke = count_field(_("số đảng viên phát biểu"), default=0)
    young_spoke = count_field(_("số đảng viên trẻ phát biểu"), default=0)
    criticism_held = models.BooleanField(_("có tự phê bình và phê bình"), default=False)
    content_focus = models.CharField(
        _("trọng tâm nội dung"), max_length=16, choices=ContentFocus.choices, default=ContentFocus.MIXED
    )
    quality = models.CharField(_("chất lượng"), max_length=16, choices=MeetingQuality.choices, blank=True)
    minutes_file = models.FileField(
        _("biên bản"), upload_to="meetings/%Y/", blank=True, validators=[validate_new_upload]
    )
    meets_attendance_test = models.BooleanField(
        _("đạt yêu cầu dự họp (HD 12)"), default=False, editable=False, db_index=True
    )

    history = audited(excluded_fields=["meets_attendance_test"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi sinh hoạt chi bộ")
        verbose_name_plural = _("sinh hoạt chi bộ")
        ordering = ["-date", "cell_id", "kind"]
        indexes = [
            models.Index(fields=["cell", "date"], name="cell_meeting_cell_date"),
            # The list's default order: its first page reads 50 index entries instead of sorting every meeting.
            models.Index(fields=["-date", "cell", "kind"], name="cell_meeting_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cell", "date", "kind"], name="cell_meeting_unique_per_day_kind"),
        ]

    def __str__(self):
        return f"{self.cell} — {self.date:%d/%m/%Y} ({self.get_kind_display()})"

    def duplicate_message(self):
        return _("Chi bộ đã có buổi sinh hoạt %(kind)s ngày %(day)s.") % {
            "kind": self.get_kind_display().lower(), "day": self.date.strftime("%d/%m/%Y")}

    def clean(self):
        super().clean()
        errors = {}
        if self.cell_id:
            if self.cell.kind not in CELL_KINDS:
                errors["cell"] = _("%(org)s không phải là chi bộ.") % {"org": self.cell}
            elif isinstance(self.date, datetime.date) and not self.cell.is_active_on(self.date):
                errors["date"] = _("Ngày %(day)s nằm ngoài thời gian hoạt động của %(org)s.") % {
                    "day": self.date.strftime("%d/%m/%Y"), "org": self.cell}
        numbers = (self.members_total, self.present, self.absent_excused, self.absent_unexcused,
                   self.spoke, self.young_spoke)
        if all(isinstance(n, int) and n >= 0 for n in numbers):
            attended = self.present + self.absent_excused + self.absent_unexcused
            if attended != self.members_total:
                errors["present"] = _(
                    "Có mặt %(present)s + vắng có lý do %(ex)s + vắng không lý do %(unex)s = %(sum)s, "
                    "khác tổng số đảng viên %(total)s."
                ) % {"present": self.present, "ex": self.absent_excused, "unex": self.absent_unexcused,
                     "sum": attended, "total": self.members_total}
            if self.spoke > self.present:
                errors["spoke"] = _("Số phát biểu (%(spoke)s) lớn hơn số có mặt (%(present)s).") % {
                    "spoke": self.spoke, "present": self.present}
            if self.young_spoke > self.spoke:
                errors["young_spoke"] = _(
                    "Số đảng viên trẻ phát biểu (%(young)s) lớn hơn số phát biểu (%(spoke)s)."
                ) % {"young": self.young_spoke, "spoke": self.spoke}
        if errors:
            raise ValidationError(errors)

    def compute_derived(self):
        self.meets_attendance_test = meets_attendance_test(
            members_total=self.members_total, present=self.present, absent_unexcused=self.absent_unexcused
        )

"""Changes to cadre records. Views, serializers, the admin, the import and the
demo share these, so every door applies the same rules."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from .choices import MovementKind, PlanningStatus, TheoryLevel, TrainingKind, TrainingStatus, theory_level_rank
from .models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord

# Fields a plain update may touch; status and its dates change only through transitions.
PLANNING_EDITABLE = {"decision", "added_on", "cadre", "title", "organization", "term"}
TRAINING_EDITABLE = {"kind", "theory_level", "course", "institution", "started_on", "ended_on", "certificate"}


def validated_save(instance):
    """full_clean() then save(); validation errors become one ApplicationError."""
    try:
        instance.full_clean()
        instance.save()
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise ApplicationError(_("Dữ liệu không hợp lệ."), fields=fields) from exc
    return instance


def _assign(instance, fields, allowed=None):
    for key, value in fields.items():
        if allowed is not None and key not in allowed:
            raise ApplicationError(
                _("Không sửa trực tiếp trường này; hãy dùng thao tác chuyển trạng thái."),
                code="field_read_only", fields={key: [_("Chỉ đổi qua thao tác chuyển trạng thái.")]},
            )
        setattr(instance, key, value)
    return instance


def _delete(instance):
    try:
        instance.delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("Không xóa được vì còn dữ liệu liên quan (quy hoạch, đào tạo, chức danh, luân chuyển)."),
            code="protected", status=409,
        ) from exc


def _transition_error(instance, target):
    return ApplicationError(
        _("Không thể chuyển từ trạng thái “%(current)s” sang “%(target)s”.")
        % {"current": instance.get_status_display(), "target": target.label},
        code="invalid_transition", status=409,
    )


# --- Title catalogue ------------------------------------------------------------
@transaction.atomic
def title_create(**fields) -> Title:
    return validated_save(Title(**fields))


@transaction.atomic
def title_update(*, title: Title, **fields) -> Title:
    return validated_save(_assign(title, fields))


@transaction.atomic
def title_delete(*, title: Title) -> None:
    _delete(title)


# --- Cadres -------------------------------------------------------------------
@transaction.atomic
def cadre_create(**fields) -> Cadre:
    return validated_save(Cadre(**fields))


@transaction.atomic
def cadre_update(*, cadre: Cadre, **fields) -> Cadre:
    return validated_save(_assign(cadre, fields))


@transaction.atomic
def cadre_delete(*, cadre: Cadre) -> None:
    _delete(cadre)


def cadre_raise_theory_level(*, cadre: Cadre, level: str, obtained_on: datetime.date) -> Cadre:
    """Keep the stored current level the highest obtained (never lowers it)."""
    if theory_level_rank(level) > theory_level_rank(cadre.theory_level):
        cadre.theory_level = level
        cadre.theory_level_obtained_on = obtained_on
        validated_save(cadre)
    return cadre


# --- Titles held ----------------------------------------------------------------
@transaction.atomic
def title_assignment_create(**fields) -> TitleAssignment:
    return validated_save(TitleAssignment(**fields))


@transaction.atomic
def title_assignment_update(*, title_assignment: TitleAssignment, **fields) -> TitleAssignment:
    return validated_save(_assign(title_assignment, fields))


@transaction.atomic
def title_assignment_delete(*, title_assignment: TitleAssignment) -> None:
    _delete(title_assignment)


# --- Planning -----------------------------------------------------------------
@transaction.atomic
def planning_entry_create(
    *, cadre: Cadre, title: Title, organization, term, added_on: datetime.date, decision: str = ""
) -> PlanningEntry:
    """Propose a name for a title in a committee's plan for a term."""
    if PlanningEntry.objects.filter(
        cadre=cadre, title=title, organization=organization, term=term, removed_on__isnull=True
    ).exists():
        raise ApplicationError(
            _("Cán bộ này đã có trong quy hoạch chức danh này của nhiệm kỳ."), code="duplicate", status=409
        )
    planning_entry = PlanningEntry(
        cadre=cadre, title=title, organization=organization, term=term, added_on=added_on, decision=decision,
        status=PlanningStatus.PROPOSED,
    )
    return validated_save(planning_entry)


@transaction.atomic
def planning_entry_update(*, planning_entry: PlanningEntry, **fields) -> PlanningEntry:
    if planning_entry.status == PlanningStatus.REMOVED:
        raise ApplicationError(_("Không sửa mục quy hoạch đã đưa ra."), code="read_only", status=409)
    return validated_save(_assign(planning_entry, fields, PLANNING_EDITABLE))


@transaction.atomic
def planning_entry_approve(
    *, planning_entry: PlanningEntry, approved_on: datetime.date, decision: str = ""
) -> PlanningEntry:
    """proposed → approved (the competent committee's approval decision)."""
    if planning_entry.status != PlanningStatus.PROPOSED:
        raise _transition_error(planning_entry, PlanningStatus.APPROVED)
    if approved_on < planning_entry.added_on:
        raise ApplicationError(
            _("Ngày phê duyệt không được trước ngày đưa vào quy hoạch."),
            fields={"approved_on": [_("Phải từ ngày đưa vào quy hoạch trở đi.")]},
        )
    planning_entry.status = PlanningStatus.APPROVED
    planning_entry.approved_on = approved_on
    if decision:
        planning_entry.decision = decision
    return validated_save(planning_entry)


@transaction.atomic
def planning_entry_remove(
    *, planning_entry: PlanningEntry, removed_on: datetime.date, reason: str, note: str = ""
) -> PlanningEntry:
    """proposed or approved → removed (the yearly review takes a name out)."""
    if planning_entry.status == PlanningStatus.REMOVED:
        raise _transition_error(planning_entry, PlanningStatus.REMOVED)
    if not reason:
        raise ApplicationError(
            _("Phải nêu lý do đưa ra khỏi quy hoạch."), fields={"reason": [_("Trường này là bắt buộc.")]}
        )
    if removed_on < planning_entry.added_on:
        raise ApplicationError(
            _("Ngày đưa ra không được trước ngày đưa vào quy hoạch."),
            fields={"removed_on": [_("Phải từ ngày đưa vào quy hoạch trở đi.")]},
        )
    planning_entry.status = PlanningStatus.REMOVED
    planning_entry.removed_on = removed_on
    planning_entry.removal_reason = reason
    planning_entry.removal_note = note
    return validated_save(planning_entry)


# --- Training -----------------------------------------------------------------
@transaction.atomic
def training_create(**fields) -> TrainingRecord:
    training = validated_save(TrainingRecord(**fields))
    _after_training_saved(training)
    return training


@transaction.atomic
def training_update(*, training: TrainingRecord, **fields) -> TrainingRecord:
    training = validated_save(_assign(training, fields, TRAINING_EDITABLE))
    _after_training_saved(training)
    return training


@transaction.atomic
def training_delete(*, training: TrainingRecord) -> None:
    _delete(training)


@transaction.atomic
def training_start(*, training: TrainingRecord, started_on: datetime.date) -> TrainingRecord:
    """planned → studying."""
    if training.status != TrainingStatus.PLANNED:
        raise _transition_error(training, TrainingStatus.STUDYING)
    training.status = TrainingStatus.STUDYING
    training.started_on = started_on
    return validated_save(training)


@transaction.atomic
def training_complete(
    *, training: TrainingRecord, ended_on: datetime.date, certificate: str = ""
) -> TrainingRecord:
    """studying → completed; a political-theory course raises the cadre's level."""
    if training.status != TrainingStatus.STUDYING:
        raise _transition_error(training, TrainingStatus.COMPLETED)
    training.status = TrainingStatus.COMPLETED
    training.ended_on = ended_on
    if certificate:
        training.certificate = certificate
    validated_save(training)
    _after_training_saved(training)
    return training


def _after_training_saved(training):
    if (
        training.kind == TrainingKind.POLITICAL_THEORY
        and training.status == TrainingStatus.COMPLETED
        and training.theory_level not in ("", TheoryLevel.NONE)
    ):
        cadre_raise_theory_level(cadre=training.cadre, level=training.theory_level, obtained_on=training.ended_on)


# --- Movements ------------------------------------------------------------------
@transaction.atomic
def movement_create(*, today: datetime.date | None = None, **fields) -> Movement:
    """Record a rotation, transfer, appointment or reappointment and keep the
    titles held in step: the title left ends the day before, the new one
    starts on the effective date (a rotation's ends with the rotation). A
    movement already in effect moves the cadre to its new organization."""
    today = today or datetime.date.today()
    movement = validated_save(Movement(**fields))
    cadre = movement.cadre
    if movement.kind != MovementKind.REAPPOINTMENT and movement.to_title_id:
        if movement.from_title_id:
            held = TitleAssignment.objects.filter(
                cadre=cadre, title=movement.from_title, organization=movement.from_organization or cadre.organization,
            ).active_on(movement.effective_on - datetime.timedelta(days=1))
            for assignment in held:
                assignment.ended_on = movement.effective_on
                validated_save(assignment)
        validated_save(TitleAssignment(
            cadre=cadre, title=movement.to_title, organization=movement.to_organization,
            started_on=movement.effective_on, ended_on=movement.ended_on, decision=movement.decision,
        ))
    in_effect = movement.effective_on <= today and (movement.ended_on is None or movement.ended_on > today)
    moves = movement.kind != MovementKind.REAPPOINTMENT and cadre.organization_id != movement.to_organization_id
    if in_effect and moves:
        cadre.organization = movement.to_organization
        validated_save(cadre)
    return movement


@transaction.atomic
def movement_update(*, movement: Movement, **fields) -> Movement:
    """Corrects the record only; titles held are corrected separately."""
    return validated_save(_assign(movement, fields))


@transaction.atomic
def movement_delete(*, movement: Movement) -> None:
    _delete(movement)

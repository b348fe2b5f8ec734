"""Changes to cadre records. Views, serializers, the admin, the import and the
demo share these, so every door applies the same rules."""
import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.scoping import owners_of
from core.services import (
    model_perm,
    protected_delete,
    require_change,
    require_perm,
    require_write_scope,
    set_fields,
    validated_save,
)
from core.workflow import check_effective_day, require_step

from .choices import MovementKind, PlanningStatus, TheoryLevel, TrainingKind, TrainingStatus, theory_level_rank
from .models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord

# Fields a plain update may touch; status and its dates change only through transitions.
PLANNING_EDITABLE = {"decision", "added_on", "cadre", "title", "organization", "term"}
TRAINING_EDITABLE = {"kind", "theory_level", "course", "institution", "started_on", "ended_on", "certificate"}


def _assign(instance, fields, allowed=None):
    return set_fields(
        instance, fields, fields if allowed is None else allowed, code="field_read_only",
        message=_("Không sửa trực tiếp trường này; hãy dùng thao tác chuyển trạng thái."),
    )


def _create(user, instance):
    """The add permission and the write rule on the new record, then a validated save."""
    require_perm(user, model_perm(type(instance), "add"))
    if getattr(type(instance).objects, "for_user", None) and owners_of(instance):
        require_write_scope(user, instance)
    return validated_save(instance, user=user)


def _change(user, instance, action="change"):
    if getattr(type(instance).objects, "for_user", None):
        require_change(user, instance, model_perm(type(instance), action))
    else:
        require_perm(user, model_perm(type(instance), action))


def _update(user, instance, fields, allowed=None):
    """The change permission and the write rule before and after the change, then a validated save."""
    _change(user, instance)
    _assign(instance, fields, allowed)
    if getattr(type(instance).objects, "for_user", None):
        require_write_scope(user, instance)
    return validated_save(instance, user=user)


def _delete(user, instance):
    _change(user, instance, "delete")
    protected_delete(instance, user=user)


# --- Title catalogue ------------------------------------------------------------
@transaction.atomic
def title_create(*, user, **fields) -> Title:
    return _create(user, Title(**fields))


@transaction.atomic
def title_update(*, user, title: Title, **fields) -> Title:
    return _update(user, title, fields)


@transaction.atomic
def title_delete(*, user, title: Title) -> None:
    _delete(user, title)


# --- Cadres -------------------------------------------------------------------
@transaction.atomic
def cadre_create(*, user, **fields) -> Cadre:
    return _create(user, Cadre(**fields))


@transaction.atomic
def cadre_update(*, user, cadre: Cadre, **fields) -> Cadre:
    return _update(user, cadre, fields)


@transaction.atomic
def cadre_delete(*, user, cadre: Cadre) -> None:
    _delete(user, cadre)


def cadre_raise_theory_level(*, user, cadre: Cadre, level: str, obtained_on: datetime.date) -> Cadre:
    """Keep the stored current level the highest obtained (never lowers it)."""
    if theory_level_rank(level) > theory_level_rank(cadre.theory_level):
        cadre.theory_level = level
        cadre.theory_level_obtained_on = obtained_on
        validated_save(cadre, user=user)
    return cadre


# --- Titles held ----------------------------------------------------------------
@transaction.atomic
def title_assignment_create(*, user, **fields) -> TitleAssignment:
    return _create(user, TitleAssignment(**fields))


@transaction.atomic
def title_assignment_update(*, user, title_assignment: TitleAssignment, **fields) -> TitleAssignment:
    return _update(user, title_assignment, fields)


@transaction.atomic
def title_assignment_delete(*, user, title_assignment: TitleAssignment) -> None:
    _delete(user, title_assignment)


# --- Planning -----------------------------------------------------------------
@transaction.atomic
def planning_entry_create(
    *, user, cadre: Cadre, title: Title, organization, term, added_on: datetime.date, decision: str = ""
) -> PlanningEntry:
    """Propose a name for a title in a committee's plan for a term (once: 409 `duplicate`)."""
    planning_entry = PlanningEntry(
        cadre=cadre, title=title, organization=organization, term=term, added_on=added_on, decision=decision,
        status=PlanningStatus.PROPOSED,
    )
    return _create(user, planning_entry)


@transaction.atomic
def planning_entry_update(*, user, planning_entry: PlanningEntry, **fields) -> PlanningEntry:
    if planning_entry.status == PlanningStatus.REMOVED:
        raise ApplicationError(_("Không sửa mục quy hoạch đã đưa ra."), code="read_only", status=409)
    return _update(user, planning_entry, fields, PLANNING_EDITABLE)


@transaction.atomic
def planning_entry_approve(
    *, user, planning_entry: PlanningEntry, approved_on: datetime.date | None = None, decision: str = ""
) -> PlanningEntry:
    """proposed → approved (the competent committee's approval decision), effective
    `approved_on` (default today; core.workflow.transition checks the day)."""
    _change(user, planning_entry)
    approved_on = approved_on or timezone.localdate()
    require_step(planning_entry, "approve")
    if approved_on < planning_entry.added_on:
        raise ApplicationError(
            _("Ngày phê duyệt không được trước ngày đưa vào quy hoạch."),
            fields={"approved_on": [_("Phải từ ngày đưa vào quy hoạch trở đi.")]},
        )
    planning_entry.status = PlanningStatus.APPROVED
    planning_entry.approved_on = approved_on
    if decision:
        planning_entry.decision = decision
    return validated_save(planning_entry, user=user)


@transaction.atomic
def planning_entry_remove(
    *, user, planning_entry: PlanningEntry, reason: str, removed_on: datetime.date | None = None, note: str = ""
) -> PlanningEntry:
    """proposed or approved → removed (the yearly review takes a name out), effective `removed_on` (default today)."""
    _change(user, planning_entry)
    removed_on = removed_on or timezone.localdate()
    require_step(planning_entry, "remove")
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
    return validated_save(planning_entry, user=user)


# --- Training -----------------------------------------------------------------
@transaction.atomic
def training_create(*, user, **fields) -> TrainingRecord:
    training = _create(user, TrainingRecord(**fields))
    _after_training_saved(user, training)
    return training


@transaction.atomic
def training_update(*, user, training: TrainingRecord, **fields) -> TrainingRecord:
    training = _update(user, training, fields, TRAINING_EDITABLE)
    _after_training_saved(user, training)
    return training


@transaction.atomic
def training_delete(*, user, training: TrainingRecord) -> None:
    _delete(user, training)


@transaction.atomic
def training_start(*, user, training: TrainingRecord, started_on: datetime.date | None = None) -> TrainingRecord:
    """planned → studying, effective `started_on` (default today)."""
    _change(user, training)
    started_on = started_on or timezone.localdate()
    require_step(training, "start")
    training.status = TrainingStatus.STUDYING
    training.started_on = started_on
    return validated_save(training, user=user)


@transaction.atomic
def training_complete(
    *, user, training: TrainingRecord, ended_on: datetime.date | None = None, certificate: str = ""
) -> TrainingRecord:
    """studying → completed, effective `ended_on` (default today); a political-theory
    course raises the cadre's level."""
    _change(user, training)
    ended_on = ended_on or timezone.localdate()
    require_step(training, "complete")
    training.status = TrainingStatus.COMPLETED
    training.ended_on = ended_on
    if certificate:
        training.certificate = certificate
    validated_save(training, user=user)
    _after_training_saved(user, training)
    return training


def _after_training_saved(user, training):
    if (
        training.kind == TrainingKind.POLITICAL_THEORY
        and training.status == TrainingStatus.COMPLETED
        and training.theory_level not in ("", TheoryLevel.NONE)
    ):
        cadre_raise_theory_level(user=user, cadre=training.cadre, level=training.theory_level,
                                 obtained_on=training.ended_on)


# --- Movements ------------------------------------------------------------------
@transaction.atomic
def movement_create(*, user, today: datetime.date | None = None, at=None, **fields) -> Movement:
    """Record a rotation, transfer, appointment or reappointment and keep the
    titles held in step: the title left ends the day before, the new one
    starts on the effective date (a rotation's ends with the rotation). A
    movement already in effect moves the cadre to its new organization.

    `effective_on` (or `at`, the moment the API's `effective_on` gives) defaults to
    today and follows the convention of every step: not after today, not before
    1945, not before the cadre's previous movement (400 `invalid_effective_date`).
    The audit trail keeps the moment it was recorded apart."""
    today = today or datetime.date.today()
    day = effective_on_or_today(at, fields.get("effective_on"))
    movement_day_check(Movement(**{**fields, "effective_on": day}), day)
    fields["effective_on"] = day
    movement = _create(user, Movement(**fields))
    cadre = movement.cadre
    if movement.kind != MovementKind.REAPPOINTMENT and movement.to_title_id:
        if movement.from_title_id:
            held = TitleAssignment.objects.filter(
                cadre=cadre, title=movement.from_title, organization=movement.from_organization or cadre.organization,
            ).active_on(movement.effective_on - datetime.timedelta(days=1))
            for assignment in held:
                assignment.ended_on = movement.effective_on
                validated_save(assignment, user=user)
        validated_save(TitleAssignment(
            cadre=cadre, title=movement.to_title, organization=movement.to_organization,
            started_on=movement.effective_on, ended_on=movement.ended_on, decision=movement.decision,
        ), user=user)
    in_effect = movement.effective_on <= today and (movement.ended_on is None or movement.ended_on > today)
    moves = movement.kind != MovementKind.REAPPOINTMENT and cadre.organization_id != movement.to_organization_id
    if in_effect and moves:
        cadre.organization = movement.to_organization
        validated_save(cadre, user=user)
    return movement


@transaction.atomic
def movement_update(*, user, movement: Movement, at=None, **fields) -> Movement:
    """Corrects the record only; titles held are corrected separately. A new
    effective date is checked like a new movement's: not after today, not before
    1945, not before the cadre's movement that preceded this one."""
    if at is not None or "effective_on" in fields:
        fields["effective_on"] = effective_on_or_today(at, fields.get("effective_on"))
        movement_day_check(movement, fields["effective_on"])
    return _update(user, movement, fields)


def effective_on_or_today(at, effective_on) -> datetime.date:
    """`effective_on`, else the day of `at`, else today."""
    return effective_on or (timezone.localdate(at) if at else timezone.localdate())


def movement_day_check(movement: Movement, day) -> None:
    """400 `invalid_effective_date` unless `day` may be the movement's effective date:
    not after today, not before 1945, not before the cadre's previous movement (for a
    recorded movement, the latest other one dated on or before its stored date)."""
    previous = None
    if movement.cadre_id:
        others = Movement.objects.filter(cadre_id=movement.cadre_id)
        if movement.pk:
            stored = Movement.objects.filter(pk=movement.pk).values_list("effective_on", flat=True).first()
            others = others.exclude(pk=movement.pk).filter(effective_on__lte=stored)
        previous = others.aggregate(last=Max("effective_on"))["last"]
    check_effective_day(day, previous)


@transaction.atomic
def movement_delete(*, user, movement: Movement) -> None:
    _delete(user, movement)

"""One workflow mechanism for every stateful model.

Each app declares a transition table (a Workflow of Steps) for its stateful
models and registers it; the services that carry out the steps stay where they
are (they lock, write the transition log and check the actor). From the table:

- `transition(obj, step, user=..., on=...)` is the one entry point: it refuses a
  step the current status does not allow (409 `invalid_transition`) or whose
  preconditions fail (400 `precondition_failed`, the problems in
  fields["preconditions"]), then calls the step's service;
- `allowed_steps(obj, actor)` lists the steps offered from the current status
  with their labels and what blocks each (for page and admin buttons);
- core.viewsets.ServiceViewSet generates one POST action per step.

core imports no app: the tables are registered by the apps (see
inspection/workflow.py, cadres/workflow.py, reports/workflow.py, rules/workflow.py).
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .inputs import FIRST_REAL_DATE
from .scoping import object_writable
from .services import visible

_WORKFLOWS = {}


@dataclass(frozen=True)
class Step:
    """One step of a transition table.

    name: the action's name ("follow_up"; the API path is "follow-up").
    target: the status the step leads to; sources: the statuses it starts from.
    service: the service that carries it out, called as
        service(user=actor, <instance_kwarg>=obj, **data[, at=...]).
    perm: the permission it needs ("app.codename").
    problems: obj -> [messages] that block it (empty: none).
    refusal: obj -> the ApplicationError (a 409 conflict, such as a task still
        running) that refuses it now, or None.
    date_arg: the service's effective-date argument `on` is passed to ("at" takes a
        datetime, any other name a date); "" when the step has none.
    status_code: the HTTP status of the API answer.
    help: what the API action does, for the schema (default: the label).
    """

    name: str
    label: str
    target: str
    sources: tuple
    service: Callable
    perm: str
    problems: Callable | None = None
    refusal: Callable | None = None
    date_arg: str = "at"
    status_code: int = 200
    help: str = ""

    @property
    def url_path(self):
        return self.name.replace("_", "-")


@dataclass(frozen=True)
class Workflow:
    model: type
    instance_kwarg: str
    steps: tuple
    status_field: str = "status"
    # obj -> the effective date of its latest recorded step (None: none yet); a new
    # step may not take effect before it.
    last_effective: Callable | None = None

    def step(self, name):
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def status_of(self, obj):
        return getattr(obj, self.status_field)

    def status_label(self, status):
        choices = dict(self.model._meta.get_field(self.status_field).flatchoices)
        return str(choices.get(status, status))

    def offered(self, status):
        return [step for step in self.steps if status in step.sources]


@dataclass
class AllowedStep:
    """A step offered from the current status, with what blocks it ([] when it can be taken)."""

    name: str
    label: str
    target: str
    problems: list = field(default_factory=list)

    @property
    def blocked(self):
        return bool(self.problems)


def register(workflow: Workflow):
    _WORKFLOWS[workflow.model] = workflow
    return workflow


def workflow_for(model_or_obj):
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _WORKFLOWS[model]


def has_workflow(model):
    return model in _WORKFLOWS


def registered():
    return dict(_WORKFLOWS)


# --- the one error shape ------------------------------------------------------------
def invalid_transition_error(obj, current_label, target_label, offered_labels=()):
    """409 `invalid_transition`: the current status does not allow the step."""
    return ApplicationError(
        _("Không thể chuyển «%(obj)s» từ «%(from)s» sang «%(to)s».")
        % {"obj": obj, "from": current_label, "to": target_label},
        code="invalid_transition", status=409,
        fields={"status": [_("Các bước được phép: %(next)s.") % {
            "next": ", ".join(str(label) for label in offered_labels) or _("không còn bước nào")}]},
    )


def invalid_transition(workflow, obj, step):
    status = workflow.status_of(obj)
    return invalid_transition_error(obj, workflow.status_label(status), workflow.status_label(step.target),
                                    [s.label for s in workflow.offered(status)])


def precondition_failed(label, problems):
    """400 `precondition_failed`: the step is allowed but something is missing (fields["preconditions"])."""
    problems = [str(p) for p in problems]
    return ApplicationError(
        _("Chưa đủ điều kiện chuyển sang «%(to)s»: %(problems)s") % {"to": label, "problems": " ".join(problems)},
        code="precondition_failed", status=400, fields={"preconditions": problems},
    )


def check_step(workflow, obj, step):
    """Raise the error of the one shape when `step` cannot be taken on `obj` now."""
    if workflow.status_of(obj) not in step.sources:
        raise invalid_transition(workflow, obj, step)
    refused = step.refusal(obj) if step.refusal else None
    if refused is not None:
        raise refused
    problems = step.problems(obj) if step.problems else []
    if problems:
        raise precondition_failed(step.label, problems)


def require_step(obj, step_name):
    """The table's status check, for a service that re-reads its row under a lock
    (or is called without transition()): 409 `invalid_transition` unless
    `step_name` starts from `obj`'s current status."""
    workflow = workflow_for(obj)
    step = workflow.step(step_name)
    if workflow.status_of(obj) not in step.sources:
        raise invalid_transition(workflow, obj, step)


def _effective(step, on):
    """The service argument for the effective date `on` (None: today)."""
    if not step.date_arg or on is None:
        return {}
    if step.date_arg == "at":
        moment = effective_moment(on)
        return {"at": moment} if moment else {}
    return {step.date_arg: on}


def _effective_date_error(message):
    return ApplicationError(message, code="invalid_effective_date", fields={"effective_on": [message]})


def effective_moment(on):
    """The moment a record dated `on` by the user is stamped with (noon that day, so
    that it stays on that day in any time zone), after checking the day; None for today."""
    check_effective_date(None, None, on)
    if on is None or on == timezone.localdate():
        return None
    moment = datetime.datetime.combine(on, datetime.time(12))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def check_effective_date(workflow, obj, on):
    """The day a step takes effect: not after today, not before 1945, not before
    the object's previous step (its timeline stays in order)."""
    previous = workflow.last_effective(obj) if on is not None and workflow is not None and workflow.last_effective \
        else None
    check_effective_day(on, previous)


def check_effective_day(on, previous=None):
    """`on` not after today, not before 1945, not before `previous` (the day of the
    record's previous step, when it has one): 400 `invalid_effective_date`."""
    if on is None:
        return
    today = timezone.localdate()
    if on > today:
        raise _effective_date_error(_("Ngày hiệu lực %(day)s ở sau hôm nay (%(today)s).") % {
            "day": on.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")})
    if on < FIRST_REAL_DATE:
        raise _effective_date_error(_("Ngày hiệu lực %(day)s ở trước %(first)s.") % {
            "day": on.strftime("%d/%m/%Y"), "first": FIRST_REAL_DATE.strftime("%d/%m/%Y")})
    if previous is not None and on < previous:
        raise _effective_date_error(_("Ngày hiệu lực %(day)s ở trước bước trước đó (%(previous)s).") % {
            "day": on.strftime("%d/%m/%Y"), "previous": previous.strftime("%d/%m/%Y")})


def transition(obj, step_name, *, user, on: datetime.date | None = None, **data):
    """Take `step_name` on `obj` as `user`, effective `on` (default today; the
    audit trail keeps the moment it was recorded apart). Returns what the
    service returns (the object, or the record it created)."""
    workflow = workflow_for(obj)
    step = workflow.step(step_name)
    check_step(workflow, obj, step)
    check_effective_date(workflow, obj, on)
    kwargs = {"user": user, workflow.instance_kwarg: obj, **_effective(step, on), **data}
    return step.service(**kwargs)


def allowed_steps(obj, actor):
    """The steps offered from `obj`'s current status, each with its label and
    the problems that block it now: the actor's permission and write scope,
    then the step's preconditions."""
    workflow = workflow_for(obj)
    writable = object_writable(actor, obj)
    steps = []
    for step in workflow.offered(workflow.status_of(obj)):
        problems = []
        if not actor.has_perm(step.perm):
            problems.append(_("Bạn không có quyền thực hiện bước này."))
        elif not writable:
            problems.append(_("Hồ sơ thuộc cả tổ chức ngoài phạm vi phụ trách của bạn: bạn chỉ được xem.")
                            if visible(actor, obj) else _("Không tìm thấy hồ sơ trong phạm vi phụ trách."))
        refused = step.refusal(obj) if step.refusal else None
        if refused is not None:
            problems.append(str(refused.message))
        if step.problems:
            problems.extend(str(p) for p in step.problems(obj))
        steps.append(AllowedStep(step.name, str(step.label), step.target, problems))
    return steps

"""What a rule is. Rules live in code (catalogue.py); their thresholds live in
the database (RuleSetting) so staff can change them without a release."""
import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from core import formatting

from .choices import Confidence, Outcome, Severity, tripped_outcome


@dataclasses.dataclass
class Context:
    """One evaluation: the period, the thresholds in force, the as-of date."""

    period_start: datetime.date
    period_end: datetime.date
    thresholds: dict
    # The run's scope (an Organization): evaluate_many may read the whole
    # subtree in one query and pick each target's rows. None when a caller
    # evaluates organizations one by one.
    scope: object = None

    @property
    def as_of(self):
        return self.period_end

    @property
    def year(self):
        return self.period_end.year

    def threshold(self, name):
        value = self.thresholds[name]
        return Decimal(str(value)) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else value


@dataclasses.dataclass
class Result:
    organization_id: int
    outcome: str
    measured: Decimal | None = None
    threshold: Decimal | None = None
    # The Vietnamese sentence is a gettext msgid with %(name)s params, so it can
    # be shown in English too.
    message: str = ""
    params: dict = dataclasses.field(default_factory=dict)
    evidence: dict = dataclasses.field(default_factory=dict)  # {"app_label.model": [pk, ...]}

    def render(self):
        return render_message(self.message, self.params)


def render_message(message, params):
    text = gettext(message) if message else ""
    return text % params if params else text


class Rule:
    code: str = ""
    title: str = ""
    regulation: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    topic: str = ""  # inspection Topic code
    severity: str = Severity.MEDIUM
    confidence: str = Confidence.VERIFIED
    defaults: dict = {}
    # Rules judged on the period's last day (plans, title holders) evaluate the
    # organizations existing that day; the others every organization that
    # existed at some time during the period.
    snapshot: bool = False
    # Copied into the rule's RuleSetting.note when the setting is first created.
    note: str = ""
    # The regulation's successive versions (see Version), when it changed over time.
    versions: tuple = ()

    def in_force(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def targets(self, scope):
        """Organizations this rule evaluates within `scope` (an Organization)."""
        raise NotImplementedError

    def active_targets(self, scope, ctx: Context):
        """targets(scope) restricted to the organizations that existed during the
        period (snapshot rules: on its last day), in tree order."""
        since = ctx.period_end if self.snapshot else ctx.period_start
        return self.targets(scope).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=ctx.period_end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=since),
        ).order_by("path")

    def evaluate(self, organization, ctx: Context) -> Result:
        raise NotImplementedError

    def evaluate_many(self, organizations, ctx: Context):
        for organization in organizations:
            yield self.evaluate(organization, ctx)

    # helpers for rule authors
    def result(self, organization, outcome, *, confidence=None, **kwargs):
        """A result; a tripped rule (`Outcome.BREACH`) is reported as a breach
        or a warning after the confidence of its basis (`confidence`, by
        default the rule's)."""
        if outcome == Outcome.BREACH:
            outcome = tripped_outcome(confidence or self.confidence)
        return Result(organization_id=organization.pk, outcome=outcome, **kwargs)

    def insufficient(self, organization, message, **params):
        return self.result(organization, Outcome.INSUFFICIENT_DATA, message=message, params=params)

    def not_judged(self, organization, record_day, **evidence):
        """The record's date lies outside every version of the rule: shown as
        such, never as a breach."""
        return self.result(organization, Outcome.NOT_JUDGED, message=MSG_NOT_JUDGED,
                           params={"day": record_day.strftime("%d/%m/%Y"), "code": self.code}, evidence=evidence)


MSG_NOT_JUDGED = gettext_noop(
    "Số liệu ngày %(day)s có trước (hoặc sau) thời gian hiệu lực của các văn bản làm căn cứ quy định %(code)s: "
    "không đánh giá."
)

REGISTRY: dict[str, Rule] = {}


def register(rule_class):
    rule = rule_class()
    if rule.code in REGISTRY:
        raise ValueError(f"Rule {rule.code} registered twice")
    REGISTRY[rule.code] = rule
    return rule_class


def percent(value):
    return f"{(value * 100).quantize(Decimal('1'))} %" if value is not None else "—"


def share(part, whole):
    """part ÷ whole as a Decimal with 4 places (what RuleCheckResult.measured
    stores), None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def format_percent(value):
    """A share (0.3125) the Vietnamese way: "31,3 %", "20 %" (core.formatting), "—" when unknown."""
    return "—" if value is None else formatting.percent(Decimal(value) * 100)


def format_count(count):
    """An integer the Vietnamese way: 2500 → "2.500" (core.formatting)."""
    return formatting.number(count)

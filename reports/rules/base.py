"""What a rule is. Rules live in code (catalogue.py); their thresholds live in
the database (RuleSetting) so staff can change them without a release."""
import dataclasses
import datetime
from decimal import Decimal

from django.utils.translation import gettext

from .choices import Confidence, Outcome, Severity


@dataclasses.dataclass
class Context:
    """One evaluation: the period, the thresholds in force, the as-of date."""

    period_start: datetime.date
    period_end: datetime.date
    thresholds: dict

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

    def in_force(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def targets(self, scope):
        """Organizations this rule evaluates within `scope` (an Organization)."""
        raise NotImplementedError

    def evaluate(self, organization, ctx: Context) -> Result:
        raise NotImplementedError

    def evaluate_many(self, organizations, ctx: Context):
        for organization in organizations:
            yield self.evaluate(organization, ctx)

    # helpers for rule authors
    def result(self, organization, outcome, **kwargs):
        return Result(organization_id=organization.pk, outcome=outcome, **kwargs)

    def insufficient(self, organization, message, **params):
        return self.result(organization, Outcome.INSUFFICIENT_DATA, message=message, params=params)


REGISTRY: dict[str, Rule] = {}


def register(rule_class):
    rule = rule_class()
    if rule.code in REGISTRY:
        raise ValueError(f"Rule {rule.code} registered twice")
    REGISTRY[rule.code] = rule
    return rule_class


def percent(value):
    return f"{(value * 100).quantize(Decimal('1'))} %" if value is not None else "—"

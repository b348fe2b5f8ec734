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
    """One evaluation: the period, the thresholds in force, the as-of date.

    The engine clips the run's period to the rule's validity (the union of
    its versions): a rule judges only the records dated within it, and
    `run_start` / `run_end` keep the run's own period, so that a rule can
    tell "no record" from "records, all outside the regulation's time"."""

    period_start: datetime.date
    period_end: datetime.date
    thresholds: dict
    # The run's scope (an Organization): evaluate_many may read the whole
    # subtree in one query and pick each target's rows. None when a caller
    # evaluates organizations one by one.
    scope: object = None
    run_start: datetime.date | None = None
    run_end: datetime.date | None = None
    # Figures several rules of one run read (the engine gives every rule of a
    # run the same dict): see `shared_figures`.
    shared: dict = dataclasses.field(default_factory=dict)

    def shared_figures(self, key, compute):
        """`compute()`, computed once per run for `key` (a selector's name and
        arguments): CM-1..CM-3 read the same cell-meeting figures of the scope,
        AP-1 and AP-2 the same movements. The figures are read, never changed."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]

    @property
    def clipped(self):
        return (self.run_start is not None and self.run_start < self.period_start) or (
            self.run_end is not None and self.period_end < self.run_end)

    @property
    def as_of(self):
        return self.period_end

    @property
    def year(self):
        return self.period_end.year

    def threshold(self, name):
        value = self.thresholds[name]
        return Decimal(str(value)) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else value


@dataclasses.dataclass(frozen=True)
class Version:
    """One version of a rule's basis: the regulation, the days it governs and
    how surely it is known. A record is judged by the version in force on
    the record's own date (meeting date, rating year, plan approval, decision)."""

    regulation: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    confidence: str = Confidence.VERIFIED

    def covers(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, start, end):
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)


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
    # The regulation(s) the records were judged by and the thresholds applied
    # to them (copied, so that later edits never change a stored result).
    regulation: str = ""
    applied: dict = dataclasses.field(default_factory=dict)

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

    def all_versions(self):
        """The rule's versions, oldest first; a rule without `versions` has one."""
        return self.versions or (Version(self.regulation, self.valid_from, self.valid_to, self.confidence),)

    def version_on(self, day):
        """The version governing a record of `day`, None before (or after) them all."""
        return next((v for v in self.all_versions() if v.covers(day)), None)

    def intersects(self, start, end):
        """Does any day of [start, end] fall within the rule's validity?"""
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)

    def clip(self, start, end):
        """[start, end] ∩ the rule's validity (the caller checked `intersects`)."""
        return (max(start, self.valid_from) if self.valid_from else start,
                min(end, self.valid_to) if self.valid_to else end)

    def targets(self, scope):
        """Organizations this rule evaluates within `scope` (an Organization)."""
        raise NotImplementedError

    def active_targets(self, scope, ctx: Context):
        """targets(scope) restricted to the organizations that existed during the
        period (snapshot rules: on its last day), in tree order: a list, read
        once per run for each distinct query."""
        since = ctx.period_end if self.snapshot else ctx.period_start
        targets = self.targets(scope).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=ctx.period_end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=since),
        ).order_by("path")
        # The seven cell rules judge the same cells, the committee rules the same
        # committees: read (and build) them once per run. The SQL is the key.
        return ctx.shared_figures(("active_targets", str(targets.query)), lambda: list(targets))

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

    def under(self, version, result, **applied):
        """`result` judged under `version`: a tripped rule names its outcome
        after that version's confidence; the regulation and the thresholds
        applied are copied into the result."""
        if result.outcome in (Outcome.BREACH, Outcome.WARNING):
            result.outcome = tripped_outcome(version.confidence)
        result.regulation = version.regulation
        result.applied = {**result.applied, **applied}
        return result

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

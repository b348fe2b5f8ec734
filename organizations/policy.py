"""Thresholds behind the organizations' stored flags that the Board edits as
rule settings. The rules app owns those settings and may read this app, not
the reverse: it registers a provider at start-up (rules.policy_provider).
Without one (a script that loads only this app), the regulation's own value
applies."""
from fractions import Fraction

from django.db.models import Case, F, Value, When
from django.db.models.lookups import GreaterThan

from .metrics import EXCELLENT_CAP
from .record_choices import NEW_RATING_FROM_YEAR

_providers = {}


def register(name, provider):
    """`provider(subject)` returns the threshold in force (a Fraction)."""
    _providers[name] = provider


def excellent_cap(subject):
    """The HTXSNV ÷ HTTNV cap for ratings of `subject` (members: QR-1,
    subordinate organizations: QR-2); 1/5 unless the rule's setting says otherwise."""
    provider = _providers.get("excellent_cap")
    value = provider(subject) if provider else None
    return EXCELLENT_CAP if value is None else Fraction(value)


def excellent_flags_refresh(ratings, subject):
    """Recompute the stored `excellent_cap_exceeded` of the QualityRating
    queryset `ratings` of `subject` under today's cap, in one UPDATE (after
    the setting changed)."""
    cap = excellent_cap(subject)
    # excellent > cap × good  ⇔  excellent × denominator > numerator × good (exact, integers only)
    return ratings.filter(subject=subject, year__gte=NEW_RATING_FROM_YEAR).update(
        excellent_cap_exceeded=Case(
            When(GreaterThan(F("excellent") * cap.denominator, F("good") * cap.numerator), then=Value(True)),
            default=Value(False),
        )
    )

"""What the organizations app's stored flags read from the rule settings
(organizations.policy), and the recomputation when a setting changes."""
import threading

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_save
from django.dispatch import receiver

from organizations import policy
from organizations.models import QualityRating
from organizations.record_choices import RatingSubject

from .models import RuleSetting

# The rule whose `max_share` caps HTXSNV ÷ HTTNV for ratings of each subject.
CAP_RULES = {RatingSubject.MEMBERS: "QR-1", RatingSubject.ORGANIZATIONS: "QR-2"}


# Within a request the setting is read once per subject (a list of ratings costs one query, not one per
# row); outside requests (tasks, scripts) it is read each time, so a changed setting is never missed.
_request = threading.local()


@receiver(request_started, dispatch_uid="rules.policy_request_started")
def _request_started(**kwargs):
    _request.caps = {}


@receiver(request_finished, dispatch_uid="rules.policy_request_finished")
def _request_finished(**kwargs):
    _request.caps = None


def excellent_cap(subject):
    caps = getattr(_request, "caps", None)
    if caps is not None and subject in caps:
        return caps[subject]
    code = CAP_RULES.get(subject)
    setting = RuleSetting.objects.filter(rule_code=code).values_list("thresholds", flat=True).first()
    value = (setting or {}).get("max_share")
    value = None if value is None else str(value)
    if caps is not None:
        caps[subject] = value
    return value


policy.register("excellent_cap", excellent_cap)


@receiver(post_save, sender=RuleSetting, dispatch_uid="rules.excellent_flags_follow_the_setting")
def excellent_flags_follow_the_setting(sender, instance, **kwargs):
    if getattr(_request, "caps", None):
        _request.caps = {}
    for subject, code in CAP_RULES.items():
        if instance.rule_code == code:
            policy.excellent_flags_refresh(QualityRating.objects.all(), subject)

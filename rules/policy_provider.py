"""What the organizations app's stored flags read from the rule settings
(organizations.policy), and the recomputation when a setting changes."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from organizations import policy
from organizations.models import QualityRating
from organizations.record_choices import RatingSubject

from .models import RuleSetting

# The rule whose `max_share` caps HTXSNV ÷ HTTNV for ratings of each subject.
CAP_RULES = {RatingSubject.MEMBERS: "QR-1", RatingSubject.ORGANIZATIONS: "QR-2"}


def excellent_cap(subject):
    code = CAP_RULES.get(subject)
    setting = RuleSetting.objects.filter(rule_code=code).values_list("thresholds", flat=True).first()
    value = (setting or {}).get("max_share")
    return None if value is None else str(value)


policy.register("excellent_cap", excellent_cap)


@receiver(post_save, sender=RuleSetting, dispatch_uid="rules.excellent_flags_follow_the_setting")
def excellent_flags_follow_the_setting(sender, instance, **kwargs):
    for subject, code in CAP_RULES.items():
        if instance.rule_code == code:
            policy.excellent_flags_refresh(QualityRating.objects.all(), subject)

"""Personal data, classified once: the fields that describe a person (birth date,
gender, cadre code; a name paired with that person's own rating). They reach a
reader only with the personal-data grant (`User.can_see_personal_data`: every
staff role, and an API client with `personal_data_access`). The API's serializers
(PersonalFieldsMixin), and any export or report that names people, ask here.

Cadres (cadres.Cadre and the records about them) are personal as a whole: their
endpoints refuse a reader without the grant (cadres.api.permissions)."""
from django.apps import apps

PERSONAL_FIELDS = {
    "organizations.CommitteeMember": ("gender", "birth_date", "cadre_code"),
    # A named member's rating: the name and the level together are one person's assessment.
    "organizations.MemberRating": ("full_name", "birth_date", "cadre_code", "level", "not_rated_reason", "note"),
    "organizations.QualityRating": ("member_ratings",),
    "cadres.Cadre": ("full_name", "birth_date", "gender", "ethnicity", "party_joined_on", "code"),
}


def personal_fields(model):
    """The names of `model`'s personal fields (a frozenset)."""
    return frozenset(PERSONAL_FIELDS.get(model._meta.label, ()))


def may_see_personal_data(user):
    return bool(user is not None and user.is_authenticated and getattr(user, "can_see_personal_data", False))


def classified_models():
    return [apps.get_model(label) for label in PERSONAL_FIELDS]


class PersonalFieldsMixin:
    """A ModelSerializer that leaves its model's personal fields out of the answer
    (and the fields read from them, e.g. `members` from `member_ratings`) for a
    reader without the grant."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None) if request is not None else self.context.get("user")
        if may_see_personal_data(user):
            return data
        hidden = personal_fields(self.Meta.model)
        for name, field in self.fields.items():
            if name in data and (name in hidden or field.source.split(".")[0] in hidden):
                del data[name]
        return data

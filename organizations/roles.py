"""What each role may do, as Django model permissions (view/add/change/delete).

Object scope is not decided here: querysets filter by subtree (core.scoping).
A later app grants a role more by adding to ROLE_MODEL_ACTIONS."""
from django.apps import apps

from .choices import Role

DOMAIN_APPS = ("organizations", "cadres", "inspection", "reports", "rules")
READ = frozenset({"view"})
WRITE = frozenset({"view", "add", "change", "delete"})
NONE = frozenset()

# Per role: the actions on every domain model, then exceptions per model.
ROLE_DEFAULT_ACTIONS = {
    Role.INSPECTOR: WRITE,
    Role.TEAM_LEADER: WRITE,
    Role.LEADER: READ,
    Role.REPORTER: READ,
    Role.API_CLIENT: READ,
}
ROLE_MODEL_ACTIONS = {
    Role.INSPECTOR: {"organizations.organization": READ, "organizations.organizationsuccession": READ,
                     "organizations.user": NONE},
    Role.TEAM_LEADER: {"organizations.organization": READ, "organizations.organizationsuccession": READ,
                       "organizations.user": NONE},
    # Leaders may ask for reports (a report only reads); reporters may not.
    Role.LEADER: {"organizations.user": NONE, "reports.report": READ | {"add"}},
    # A unit reporter sends progress reports (with files) and asks for more time; the Board decides.
    Role.REPORTER: {"organizations.user": NONE, "inspection.progressreport": READ | {"add"},
                    "inspection.progressattachment": READ | {"add"}, "inspection.deadlineextension": READ | {"add"}},
    Role.API_CLIENT: {"organizations.user": NONE},
}
API_WRITE_ACTIONS = WRITE


def _all_models(app_labels):
    for label in app_labels:
        yield from apps.get_app_config(label).get_models()


def permissions_for(user):
    """The set of 'app_label.action_model' strings a user holds through its role."""
    if user.role == Role.ADMIN:
        models = apps.get_models()
        return {
            f"{m._meta.app_label}.{action}_{m._meta.model_name}"
            for m in models
            for action in m._meta.default_permissions
        }
    default = ROLE_DEFAULT_ACTIONS.get(user.role, NONE)
    if user.role == Role.API_CLIENT and user.api_write:
        default = API_WRITE_ACTIONS
    overrides = ROLE_MODEL_ACTIONS.get(user.role, {})
    perms = set()
    for model in _all_models(DOMAIN_APPS):
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        actions = overrides.get(key, default)
        if model._meta.model_name.startswith("historical"):
            actions = actions & READ
        perms.update(f"{model._meta.app_label}.{action}_{model._meta.model_name}" for action in actions)
    return perms

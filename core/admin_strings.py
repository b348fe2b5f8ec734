"""Django's own admin strings that its Vietnamese catalogue leaves in English or
words oddly ("Bản ghi nhớ" for History, "Bởi …" for By …): the project's
translations are in locale/vi and locale/en (django.po). Listed here so that
makemessages keeps those entries; locale/source_catalogue.py leaves their
Vietnamese as translated (the msgids are Django's English). The admin's
JavaScript strings are in locale/vi/LC_MESSAGES/djangojs.po."""
from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_STRINGS = (
    # Translators: override of a Django admin string
    gettext_noop("Please correct the errors below."),
    # Translators: override of a Django admin string
    gettext_noop("History"),
    # Translators: override of a Django admin string
    gettext_noop(" By %(filter_title)s "),
    # Translators: override of a Django admin string
    gettext_noop("Site administration"),
    # Translators: override of a Django admin string
    gettext_noop("Action:"),
    # Translators: override of a Django admin string
    gettext_noop("Go"),
    # Translators: override of a Django admin string
    gettext_noop("Run the selected action"),
    # Translators: override of a Django admin string
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    # Translators: override of a Django admin string
    gettext_noop("Unknown content"),
    # Translators: override of a Django admin string
    gettext_noop("Save and view"),
    # Translators: override of a Django admin string
    gettext_noop("Log out"),
    # Translators: override of a Django admin string
    gettext_noop("Select this object for an action - {}"),
    # Translators: override of a Django admin string
    gettext_noop("Breadcrumbs"),
    # Translators: override of a Django admin string
    gettext_noop("Model name"),
    # Translators: override of a Django admin string
    gettext_noop("Add link"),
    # Translators: override of a Django admin string
    gettext_noop("Change or view list link"),
    # Translators: override of a Django admin string
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # Translators: override of a Django admin string
    gettext_noop("Error:"),
    # Translators: override of a Django admin string
    gettext_noop("Set password"),
    # Translators: override of a Django admin string
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    # Translators: override of a Django admin string
    gettext_noop("Disable password-based authentication"),
    # Translators: override of a Django admin string
    gettext_noop("Enable password-based authentication"),
    # Translators: override of a Django admin string
    gettext_noop("Skip to main content"),
    # Translators: override of a Django admin string
    gettext_noop("Hide counts"),
    # Translators: override of a Django admin string
    gettext_noop("Show counts"),
    # Translators: override of a Django admin string
    gettext_noop("Toggle theme (current theme: auto)"),
    # Translators: override of a Django admin string
    gettext_noop("Toggle theme (current theme: light)"),
    # Translators: override of a Django admin string
    gettext_noop("Toggle theme (current theme: dark)"),
    # Translators: override of a Django admin string
    gettext_noop("Added:"),
    # Translators: override of a Django admin string
    gettext_noop("Changed:"),
    # Translators: override of a Django admin string
    gettext_noop("Deleted:"),
    # Translators: override of a Django admin string
    gettext_noop("Forgotten your login credentials?"),
    # Translators: override of a Django admin string
    gettext_noop("Toggle navigation"),
    # Translators: override of a Django admin string
    gettext_noop("Sidebar"),
    # Translators: override of a Django admin string
    gettext_noop("Filter navigation items"),
    # Translators: override of a Django admin string
    gettext_noop("View selected %(model)s"),
    # Translators: override of a Django admin string
    gettext_noop("In case you’ve forgotten, you are:"),
    # Translators: override of a Django admin string
    gettext_noop("Select all objects on this page for an action"),
)
ADMIN_PLURALS = (
    # Translators: override of a Django admin string
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "n"),
    # Translators: override of a Django admin string
    ngettext_lazy("entry", "entries", "n"),
)

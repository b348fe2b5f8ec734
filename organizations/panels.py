"""Panels that later apps add to the organization page (its inspections,
findings, requirements...) without the organizations app importing them:
an app registers a function in its AppConfig.ready(); the page calls each with
the reader and the organization and includes the template it returns."""
PANELS = []


def register(panel):
    """`panel(*, user, organization) -> {"template": ..., **context}`; returns it, so it can decorate."""
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def panels_for(*, user, organization):
    return [panel(user=user, organization=organization) for panel in PANELS]

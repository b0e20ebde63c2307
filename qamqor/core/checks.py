"""System checks: every model that holds organisation or case data has an access rule."""

from django.apps import apps
from django.core.checks import Error, register

from qamqor.core import access

# Apps whose rows are reached only through the access policy.
GUARDED_APPS = {"accounts", "providers", "people", "cases", "protection", "audit"}


@register()
def check_access_rules(app_configs, **kwargs):
    errors = []
    for model in apps.get_models():
        if model._meta.app_label not in GUARDED_APPS or model.__name__.startswith("Historical"):
            continue
        try:
            access.rule_for(model)
        except LookupError:
            errors.append(
                Error(
                    f"{model._meta.label} has no rule in the access policy.",
                    hint="Add it to qamqor.core.access.RULES and to docs/access.md.",
                    id="qamqor.E001",
                )
            )
    return errors

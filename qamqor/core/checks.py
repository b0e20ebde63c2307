"""System checks: every model of an app marked `access_guarded` (organisation or case data) has
an access rule."""

from django.apps import apps
from django.core.checks import Error, register

from qamqor.core import access


@register()
def check_access_rules(app_configs, **kwargs):
    errors = []
    for model in apps.get_models():
        guarded = getattr(apps.get_app_config(model._meta.app_label), "access_guarded", False)
        if not guarded or model.__name__.startswith("Historical"):
            continue
        try:
            access.rule_for(model)
        except LookupError:
            errors.append(
                Error(
                    f"{model._meta.label} has no rule in the access policy.",
                    hint="Register it in its app's rules.py (access.register); see docs/access.md.",
                    id="qamqor.E001",
                )
            )
    return errors

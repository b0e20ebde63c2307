from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "qamqor.providers"
    label = "providers"
    # Its rows are reached only through the access policy (core/checks.py).
    access_guarded = True
    verbose_name = _("Providers")

    def ready(self):
        from qamqor.providers import rules

        rules.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qamqor.accounts"
    label = "accounts"
    # Its rows are reached only through the access policy (core/checks.py).
    access_guarded = True
    verbose_name = _("Users and organisations")

    def ready(self):
        from qamqor.accounts import rules

        rules.register()

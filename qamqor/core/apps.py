from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qamqor.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from qamqor.core import checks  # noqa: F401 - registers the system checks
        from qamqor.core.alerts import refresh_after_migrate

        # After every migrate (once: sent for core after all apps are migrated), the alerts
        # are brought up to date for today.
        post_migrate.connect(refresh_after_migrate, sender=self, dispatch_uid="core.alerts")

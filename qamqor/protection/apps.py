from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "qamqor.protection"
    label = "protection"
    verbose_name = _("Protection")

    def ready(self):
        from qamqor.cases import timeline
        from qamqor.protection.timeline import DESCRIBERS

        timeline.DESCRIBERS.update(DESCRIBERS)

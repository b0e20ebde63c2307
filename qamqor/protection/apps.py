from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "qamqor.protection"
    label = "protection"
    # Its rows are reached only through the access policy (core/checks.py).
    access_guarded = True
    verbose_name = _("Protection")

    def ready(self):
        from qamqor.cases.events import register_kinds
        from qamqor.cases.sections import CaseSection, case_sections
        from qamqor.core.alerts import alert_sources
        from qamqor.protection import rules, selectors
        from qamqor.protection.alerts import ProtectionAlerts
        from qamqor.protection.events import DESCRIBERS, ProtectionEvent

        rules.register()
        alert_sources.register("protection", ProtectionAlerts())

        register_kinds(ProtectionEvent, DESCRIBERS)
        case_sections.register(
            "protection",
            CaseSection(
                actions="protection/_case_actions.html",
                body="protection/_case_sections.html",
                context=selectors.case_page,
            ),
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "qamqor.cases"
    label = "cases"
    # Its rows are reached only through the access policy (core/checks.py).
    access_guarded = True
    verbose_name = _("Cases")

    def ready(self):
        from qamqor.accounts.notices import register_notice_kinds
        from qamqor.cases import rules
        from qamqor.cases.notices import LINKS, CaseNotice
        from qamqor.cases.services import restrict_cases_of_a_child
        from qamqor.people.signals import facts_changed

        rules.register()
        register_notice_kinds(CaseNotice, LINKS)

        facts_changed.connect(restrict_cases_of_a_child, dispatch_uid="cases.child")

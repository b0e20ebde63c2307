from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "qamqor.people"
    label = "people"
    # Its rows are reached only through the access policy (core/checks.py).
    access_guarded = True
    verbose_name = _("People")

    def ready(self):
        from django.core import checks

        from qamqor.people import rules
        from qamqor.people.access import check_person_reach

        rules.register()
        checks.register(check_person_reach)

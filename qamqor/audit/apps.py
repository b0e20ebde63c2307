from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "qamqor.audit"
    label = "audit"
    # Its rows are reached only through the access policy (core/checks.py).
    access_guarded = True
    verbose_name = _("Access log")

    def ready(self):
        from qamqor.audit import rules

        rules.register()
        from qamqor.audit.roles import grant_app_role

        # Once per migrate (sent for this app after all migrations ran): the app's PostgreSQL
        # role gets its rights on every table, the access log's included.
        post_migrate.connect(grant_app_role, sender=self, dispatch_uid="audit.grant_app_role")

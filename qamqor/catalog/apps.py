from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "qamqor.catalog"
    label = "catalog"
    verbose_name = _("Reference data")

    def ready(self):
        from qamqor.core import access

        # Reference data belongs to no organisation: the grant alone decides.
        access.register_app(self.label, access.Everywhere())

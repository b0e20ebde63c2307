from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """Pages that bring several apps together (the home page)."""

    name = "qamqor.front"
    label = "front"
    verbose_name = _("Home")

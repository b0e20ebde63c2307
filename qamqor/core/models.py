"""Abstract building blocks shared by every app."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def current_language() -> str:
    """The active language's base code among kk/ru/en (en when none is active)."""
    language = (get_language() or "en").split("-")[0]
    return language if language in {"kk", "ru", "en"} else "en"


def translated(obj: object, field: str) -> str:
    """`obj.<field>_<language>` in the active language, falling back to Russian then English."""
    language = current_language()
    for code in (language, "ru", "en", "kk"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class TranslatedNameModel(models.Model):
    """A name in Kazakh, Russian and English; `name` gives the one for the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")

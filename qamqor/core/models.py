"""Abstract building blocks shared by every app."""

from django.conf import settings
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


class CodeKey(models.Model):
    """The secret that turns row ids into pseudonymous codes (see qamqor.core.codes).

    One row, made by a data migration when the database is created and never changed. It is
    not derived from SECRET_KEY, which operators rotate: under one key the codes of distinct
    ids never clash, while codes made under two keys may (a clash is skipped, never an
    error, but it should stay as rare as a clash with an old random code).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    key = models.BinaryField(_("key"), max_length=32, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("code key")
        verbose_name_plural = _("code keys")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="core_codekey_one")]

    def __str__(self) -> str:
        return f"code key of {self.created_at:%Y-%m-%d}"


class FormToken(models.Model):
    """A create form, once saved (qamqor.core.once): its token, whose it was and where its
    result is, so that a second submit of the same form — Back and submit again, a double
    click — shows the result instead of making it twice."""

    token = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    url = models.CharField(_("result address"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved form")
        verbose_name_plural = _("saved forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="core_formtoken_unique")
        ]
        indexes = [models.Index(fields=["user", "created_at"], name="core_formtoken_user")]

    def __str__(self) -> str:
        return self.token


class AlertRun(models.Model):
    """A day on which every alert source was brought up to date (qamqor.core.alerts): a read
    finding none for today refreshes them first."""

    day = models.DateField(_("day"), unique=True)
    finished_at = models.DateTimeField(_("finished at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert run")
        verbose_name_plural = _("alert runs")

    def __str__(self) -> str:
        return self.day.isoformat()

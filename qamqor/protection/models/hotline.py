"""Hotline calls."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates
from qamqor.protection.models.base import USER

# Hotline


class HotlineCall(TimeStampedModel):
    class CallerType(models.TextChoices):
        SELF = "self", _("The person concerned")
        RELATIVE = "relative", _("Relative")
        WITNESS = "witness", _("Neighbour or witness")
        PROFESSIONAL = "professional", _("Professional (school, health, police)")
        NOT_STATED = "not_stated", _("Not stated")

    class Topic(models.TextChoices):
        DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
        TRAFFICKING = "trafficking", _("Trafficking or forced labour")
        CHILD = "child", _("Child protection")
        DISABILITY = "disability", _("Disability")
        HOMELESSNESS = "homelessness", _("Homelessness")
        MIGRATION = "migration", _("Migration and documents")
        LEGAL = "legal", _("Legal help")
        PSYCHOLOGICAL = "psychological", _("Psychological help")
        SERVICES = "services", _("Information on social services")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        KK = "kk", _("Kazakh")
        RU = "ru", _("Russian")
        EN = "en", _("English")
        OTHER = "other", _("Other language")

    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    received_at = models.DateTimeField(_("time of call"), default=timezone.now)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    caller_type = models.CharField(
        _("caller"), max_length=16, choices=CallerType.choices, default=CallerType.NOT_STATED
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    risk_flag = models.BooleanField(
        _("immediate risk"), default=False, help_text=_("The caller or someone else is in danger.")
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("What was asked and advised.")
    )
    recorded_by = models.ForeignKey(
        USER, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    case = models.ForeignKey(
        "cases.Case",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("case"),
    )
    intake = models.OneToOneField(
        "cases.Intake",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="call",
        verbose_name=_("intake"),
    )

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "received_at"], name="prot_call_org_time"),
            models.Index(fields=["region", "received_at"], name="prot_call_region_time"),
            models.Index(fields=["topic", "received_at"], name="prot_call_topic_time"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["received_at"])

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {timezone.localtime(self.received_at):%Y-%m-%d %H:%M}"

"""Consent to share, by category and recipient."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models.base import USER
from qamqor.cases.models.intake_case import Case
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates


class ShareCategory(models.TextChoices):
    """Parts of a case that consent may allow to share. Stored comma-separated; no code may
    be part of another, so that `contains` finds exactly one category."""

    IDENTITY = "identity", _("Identity (names, birth date, IIN)")
    CONTACTS = "contacts", _("Contacts")
    ASSESSMENT = "assessment", _("Needs assessment")
    PLAN = "plan", _("Service plan")
    SERVICES = "services", _("Services received")
    SHELTER = "shelter", _("Shelter stays")


def join_categories(categories) -> str:
    return ",".join(sorted(set(categories)))


def split_categories(value: str) -> set[str]:
    return {item for item in value.split(",") if item}


def category_labels(value: str) -> str:
    return ", ".join(str(ShareCategory(code).label) for code in sorted(split_categories(value)))


class Consent(TimeStampedModel):
    """What of the case the person agreed to share, with whom, and for how long."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="consents")
    categories = models.CharField(_("may share"), max_length=128)
    recipient = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("with"),
        help_text=_("Empty: any organisation the case is referred to."),
    )
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("given_on")), name="cases_consent_dates_ordered"
            )
        ]
        indexes = [models.Index(fields=["valid_until"], name="cases_consent_valid_until")]

    def clean(self) -> None:
        check_dates(self, events=["given_on"])

    def __str__(self) -> str:
        return f"{self.case} {self.given_on}–{self.valid_until}"

    @property
    def category_set(self) -> set[str]:
        return split_categories(self.categories)

    @property
    def category_labels(self) -> str:
        return category_labels(self.categories)

    def is_valid_on(self, day: dt.date) -> bool:
        if self.withdrawn_on and self.withdrawn_on <= day:
            return False
        return self.given_on <= day <= self.valid_until

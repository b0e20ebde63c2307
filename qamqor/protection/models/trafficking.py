"""Trafficking screening and formal identification."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models import join_categories, split_categories
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates
from qamqor.people.models import Citizenship, Sex
from qamqor.protection import htcds
from qamqor.protection.models.base import USER, Answer

# Trafficking screening and identification


class Screening(TimeStampedModel):
    """A checklist of trafficking indicators answered by an officer or an NGO worker. It
    names nobody: below the organisation's threshold it is only counted; at or above it, it
    awaits formal identification, for which a case is opened."""

    class Place(models.TextChoices):
        BORDER = "border_checkpoint", _("Border checkpoint")
        DETENTION = "detention", _("Place of detention")
        LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
        NGO = "ngo", _("NGO outreach or office")
        HOTLINE = "hotline", _("Hotline")
        OTHER = "other", _("Other place")

    class Status(models.TextChoices):
        BELOW_THRESHOLD = "below_threshold", _("Below the threshold")
        AWAITING = "awaiting_identification", _("Awaiting identification")
        IN_IDENTIFICATION = "in_identification", _("Referred for identification")
        IDENTIFIED = "identified", _("Identified as a victim")
        NOT_IDENTIFIED = "not_identified", _("Not identified as a victim")

    class AgeGroup(models.TextChoices):
        CHILD = "child", _("Child (under 18)")
        ADULT = "adult", _("Adult")
        UNKNOWN = "unknown", _("Unknown")

    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    place = models.CharField(_("where"), max_length=24, choices=Place.choices)
    screened_at = models.DateTimeField(_("screened at"), default=timezone.now)
    screened_by = models.ForeignKey(
        USER, models.PROTECT, related_name="+", verbose_name=_("screened by")
    )
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    age_group = models.CharField(
        _("age"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=16, choices=Citizenship.choices, default=Citizenship.UNKNOWN
    )
    score = models.PositiveSmallIntegerField(_("score"), editable=False)
    threshold = models.PositiveSmallIntegerField(_("threshold"), editable=False)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("case"),
    )

    class Meta:
        verbose_name = _("trafficking screening")
        verbose_name_plural = _("trafficking screenings")
        ordering = ["-screened_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "screened_at"], name="prot_screen_org_time"),
            models.Index(fields=["region", "screened_at"], name="prot_screen_region_time"),
            models.Index(fields=["status", "screened_at"], name="prot_screen_status_time"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["screened_at"])

    def __str__(self) -> str:
        return f"{self.get_place_display()} {timezone.localdate(self.screened_at):%Y-%m-%d}"

    @property
    def reached(self) -> bool:
        return self.score >= self.threshold


class ScreeningAnswer(models.Model):
    screening = models.ForeignKey(Screening, models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(
        "catalog.TraffickingIndicator",
        models.PROTECT,
        related_name="+",
        verbose_name=_("indicator"),
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "indicator"], name="prot_answer_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.answer}"


class Identification(TimeStampedModel):
    """The formal decision on whether a person is a victim of trafficking, in HTCDS terms."""

    class Decision(models.TextChoices):
        IDENTIFIED = "identified", _("Identified as a victim of trafficking")
        NOT_IDENTIFIED = "not_identified", _("Not identified")

    class Scope(models.TextChoices):
        DOMESTIC = "domestic", _("Domestic")
        CROSS_BORDER = "cross_border", _("Cross-border")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="identifications")
    screening = models.ForeignKey(
        Screening,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="identifications",
        verbose_name=_("screening"),
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    deciding_body = models.CharField(_("deciding body"), max_length=255)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    trafficking_status = models.CharField(
        _("trafficking status (HTCDS)"), max_length=32, choices=htcds.TraffickingStatus.choices
    )
    exploitation_types = models.CharField(
        _("types of exploitation (HTCDS)"), max_length=255, blank=True
    )
    exploitation_form = models.CharField(
        _("form of exploitation"),
        max_length=16,
        choices=htcds.ExploitationForm.choices,
        blank=True,
        editable=False,
    )
    labour_industry = models.CharField(
        _("labour industry (HTCDS)"),
        max_length=64,
        choices=htcds.LabourIndustry.choices,
        blank=True,
    )
    scope = models.CharField(_("domestic or cross-border"), max_length=16, choices=Scope.choices)
    country_of_exploitation = models.CharField(
        _("country of exploitation"), max_length=2, blank=True
    )
    eligibility_decision = models.OneToOneField(
        "cases.EligibilityDecision",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="identification",
    )
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+")
    region = models.ForeignKey("catalog.Region", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("identification")
        verbose_name_plural = _("identifications")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "decided_on"], name="prot_ident_region_date"),
            models.Index(fields=["organisation", "decided_on"], name="prot_ident_org_date"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["decided_on"])

    def __str__(self) -> str:
        return f"{self.case} {self.get_decision_display()}"

    @property
    def exploitation_type_set(self) -> set[str]:
        return split_categories(self.exploitation_types)

    @property
    def exploitation_type_labels(self) -> str:
        return ", ".join(
            str(htcds.ExploitationType(code).label) for code in sorted(self.exploitation_type_set)
        )

    @property
    def country_name(self) -> str:
        return htcds.country_name(self.country_of_exploitation)

    def set_exploitation_types(self, types) -> None:
        self.exploitation_types = join_categories(types)
        self.exploitation_form = (
            htcds.exploitation_form(set(types)) if self.decision == self.Decision.IDENTIFIED else ""
        )

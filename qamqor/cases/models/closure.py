"""Shelter stays and the closure of a case."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models.base import USER, Approval
from qamqor.cases.models.intake_case import Case
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates


class ShelterStay(TimeStampedModel):
    case = models.ForeignKey(Case, models.CASCADE, related_name="shelter_stays")
    facility = models.ForeignKey(
        "providers.Facility", models.PROTECT, related_name="stays", verbose_name=_("facility")
    )
    admitted_on = models.DateField(_("admitted on"))
    admission_reason = models.CharField(_("reason for admission"), max_length=255)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(_("reason for discharge"), max_length=255, blank=True)
    admitted_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    # Denormalised for monitoring.
    region = models.ForeignKey("catalog.Region", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        ordering = ["-admitted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
                name="cases_stay_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(discharged_on__isnull=True),
                name="cases_one_open_stay_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "discharged_on"], name="cases_stay_facility_open"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["admitted_on", "discharged_on"])

    def __str__(self) -> str:
        return f"{self.facility} {self.admitted_on}"


class Closure(TimeStampedModel):
    class Outcome(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals of the plan met")
        PARTLY_MET = "partly_met", _("Goals partly met")
        DECLINED = "declined", _("Person declined further services")
        NO_CONTACT = "no_contact", _("Contact lost")
        MOVED = "moved", _("Moved to another region or country")
        TRANSFERRED = "transferred", _("Transferred to another organisation")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        DIED = "died", _("Died")

    case = models.ForeignKey(Case, models.CASCADE, related_name="closures")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=255)
    requested_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    approval = models.CharField(
        _("approval"), max_length=16, choices=Approval.choices, default=Approval.PENDING
    )
    approved_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    followup_due = models.DateField(_("follow-up due"), null=True, blank=True)
    followup_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(approval="pending"), name="cases_one_pending_closure"
            )
        ]
        indexes = [
            models.Index(fields=["followup_done_on", "followup_due"], name="cases_closure_followup")
        ]

    def clean(self) -> None:
        check_dates(self, events=["followup_done_on"])

    def __str__(self) -> str:
        return f"{self.case} {self.get_outcome_display()}"

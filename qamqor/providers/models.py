"""Organisations as providers: certifications, facilities and funding.

Only a provider certified for a service type on a date may be recorded as giving it on that
date (see selectors.providers_for and selectors.certification_in_force).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qamqor.core.models import TimeStampedModel


class CertificationQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        """Certifications that allow service on the date `on`: within their validity, not
        revoked by then, and not suspended on that day."""
        suspended = CertificationSuspension.objects.filter(
            certification=models.OuterRef("pk"), suspended_from__lte=on
        ).filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))
        return (
            self.filter(valid_from__lte=on, valid_until__gte=on)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
            .exclude(models.Exists(suspended))
        )


class Certification(TimeStampedModel):
    """The state's certification of an organisation to give certain service types."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="certifications",
        verbose_name=_("organisation"),
    )
    number = models.CharField(_("number"), max_length=64, unique=True)
    service_types = models.ManyToManyField(
        "catalog.ServiceType", related_name="certifications", verbose_name=_("service types")
    )
    issued_by = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="certifications_issued",
        verbose_name=_("issuing body"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), help_text=_("The last day it is valid."))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    history = HistoricalRecords(m2m_fields=[service_types])

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["organisation__code", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="providers_certification_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revocation_reason=""),
                name="providers_certification_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "valid_from", "valid_until"], name="providers_cert_validity"
            )
        ]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.organisation}"

    def is_in_force(self, on: dt.date) -> bool:
        return Certification.objects.in_force(on).filter(pk=self.pk).exists()


class CertificationSuspension(TimeStampedModel):
    """A period during which a certification does not allow service (lifted_on exclusive)."""

    certification = models.ForeignKey(
        Certification,
        models.CASCADE,
        related_name="suspensions",
        verbose_name=_("certification"),
    )
    suspended_from = models.DateField(_("suspended from"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-suspended_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gt=F("suspended_from")),
                name="providers_suspension_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certification.number}: {self.suspended_from}–{self.lifted_on or '…'}"


class Facility(TimeStampedModel):
    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Shelter")
        CRISIS_CENTRE = "crisis_centre", _("Crisis centre")
        DAY_CENTRE = "day_centre", _("Day centre")
        RESIDENTIAL = "residential", _("Residential institution")
        NIGHT_STAY = "night_stay", _("Night-stay centre")
        OFFICE = "office", _("Office")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="facilities",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="facilities", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    bed_capacity = models.PositiveIntegerField(_("bed capacity"), default=0)
    groups_served = models.ManyToManyField(
        "catalog.AtRiskGroup",
        related_name="facilities",
        blank=True,
        verbose_name=_("groups served"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[groups_served])

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["organisation__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="providers_facility_name_unique"
            )
        ]
        indexes = [models.Index(fields=["region", "kind"], name="providers_facility_region")]

    def __str__(self) -> str:
        return self.name


class Funding(TimeStampedModel):
    class Source(models.TextChoices):
        STATE_SOCIAL_ORDER = "state_social_order", _("State social order")
        GRANT = "grant", _("Grant")
        OWN = "own", _("Own funds")
        INTERNATIONAL = "international", _("International donor")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="fundings",
        verbose_name=_("organisation"),
    )
    source = models.CharField(_("source"), max_length=32, choices=Source.choices)
    funder = models.CharField(_("funder"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    amount_kzt = models.DecimalField(
        _("amount (KZT)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["organisation__code", "-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_kzt__isnull=True) | Q(amount_kzt__gte=0),
                name="providers_funding_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year} — {self.organisation}"

"""Referrals and transfers: the transitions of a case between organisations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models.base import USER
from qamqor.cases.models.consent import category_labels, split_categories
from qamqor.cases.models.intake_case import Case
from qamqor.core.models import TimeStampedModel


class Referral(TimeStampedModel):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    S = Status
    TRANSITIONS: dict[str, set[str]] = {
        S.SENT: {S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
        S.ACCEPTED: {S.COMPLETED, S.WITHDRAWN},
        S.DECLINED: set(),
        S.COMPLETED: set(),
        S.WITHDRAWN: set(),
    }
    OPEN_TO_RECEIVER = (S.ACCEPTED, S.COMPLETED)

    case = models.ForeignKey(Case, models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to organisation"),
    )
    service_type = models.ForeignKey(
        "catalog.ServiceType",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service type"),
    )
    reason = models.CharField(_("reason"), max_length=255)
    shared = models.CharField(_("shared"), max_length=128, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT
    )
    sent_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    responded_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_assigned",
        verbose_name=_("assigned to"),
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=255, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Denormalised for monitoring.
    region = models.ForeignKey("catalog.Region", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="cases_referral_to_status"),
            models.Index(fields=["from_organisation", "sent_at"], name="cases_referral_from"),
            models.Index(fields=["region", "sent_at"], name="cases_referral_region"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organisation}"

    @property
    def shared_set(self) -> set[str]:
        return split_categories(self.shared)

    @property
    def shared_labels(self) -> str:
        return category_labels(self.shared)

    @property
    def hours_to_accept(self) -> float | None:
        if self.responded_at is None or self.status == self.Status.DECLINED:
            return None
        return round((self.responded_at - self.sent_at).total_seconds() / 3600, 1)


class Transfer(TimeStampedModel):
    """Taking a case over (Primero's term): the owning organisation asks, with the person's
    consent to share everything with the receiver; a supervisor there accepts, and the case,
    its person and its history are the receiver's from then on."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    S = Status
    TRANSITIONS: dict[str, set[str]] = {
        S.REQUESTED: {S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
        S.ACCEPTED: set(),
        S.DECLINED: set(),
        S.WITHDRAWN: set(),
    }

    case = models.ForeignKey(Case, models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="transfers_sent",
        verbose_name=_("from organisation"),
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="transfers_received",
        verbose_name=_("to organisation"),
    )
    reason = models.CharField(_("reason"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    responded_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=255, blank=True)
    lead_worker = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead worker at the receiving organisation"),
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="requested"),
                name="cases_one_open_transfer_per_case",
            )
        ]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="cases_transfer_to_status"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organisation}"

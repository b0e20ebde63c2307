"""The service plan and the services given."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models.base import USER
from qamqor.cases.models.intake_case import Case
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates


class ServicePlan(TimeStampedModel):
    """The individual service plan; a new plan supersedes the previous one."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="plans")
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    review_due = models.DateField(_("review due"))
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_current=True), name="cases_one_current_plan"
            )
        ]
        indexes = [models.Index(fields=["is_current", "review_due"], name="cases_plan_review")]

    def __str__(self) -> str:
        return f"{self.case} {self.created_at:%Y-%m-%d}"


class PlanItem(models.Model):
    plan = models.ForeignKey(ServicePlan, models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, models.CASCADE, related_name="plan_items")
    service_type = models.ForeignKey(
        "catalog.ServiceType", models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    standard = models.ForeignKey(
        "catalog.Standard",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standard"),
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    units = models.PositiveIntegerField(_("units"))
    requested_on = models.DateField(_("requested on"))
    due_on = models.DateField(_("first service due"))
    deviation_reason = models.CharField(
        _("reason for deviating from the standard"), max_length=255, blank=True
    )
    first_delivered_on = models.DateField(_("first delivered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        indexes = [
            models.Index(fields=["first_delivered_on", "due_on"], name="cases_item_due"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} × {self.units}"


class ServiceDelivery(TimeStampedModel):
    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Given")
        PARTIAL = "partial", _("Partly given")
        NO_SHOW = "no_show", _("Person did not come")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, models.CASCADE, related_name="deliveries")
    plan_item = models.ForeignKey(
        PlanItem, models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    service_type = models.ForeignKey(
        "catalog.ServiceType", models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    provider = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    certification = models.ForeignKey("providers.Certification", models.PROTECT, related_name="+")
    staff_member = models.ForeignKey(
        USER, models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    delivered_on = models.DateField(_("delivered on"))
    units = models.PositiveIntegerField(_("units"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # Judged against the standard in force on the request date.
    standard = models.ForeignKey(
        "catalog.Standard", models.PROTECT, null=True, blank=True, related_name="+"
    )
    waiting_days = models.PositiveIntegerField(_("waiting days"), null=True, blank=True)
    within_waiting_standard = models.BooleanField(null=True, blank=True)
    within_scope_standard = models.BooleanField(null=True, blank=True)
    # Denormalised for monitoring.
    region = models.ForeignKey("catalog.Region", models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+")
    group = models.ForeignKey(
        "catalog.AtRiskGroup", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("service delivery")
        verbose_name_plural = _("service deliveries")
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["provider", "delivered_on"], name="cases_delivery_provider_day"),
            models.Index(fields=["region", "delivered_on"], name="cases_delivery_region_day"),
            models.Index(fields=["service_type", "delivered_on"], name="cases_delivery_type_day"),
            models.Index(fields=["group", "delivered_on"], name="cases_delivery_group_day"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["delivered_on"])

    def __str__(self) -> str:
        return f"{self.service_type} {self.delivered_on}"

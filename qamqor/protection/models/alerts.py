"""The alerts protection raises."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.protection.models.trafficking import Screening
from qamqor.protection.models.violence import ProtectiveOrder, SafetyPlan

# Alerts


class Alert(models.Model):
    """One thing coming due, shown on the home pages until it is dealt with. Written only
    by qamqor.protection.alerts, which raises each (kind, source, due date) exactly once."""

    class Kind(models.TextChoices):
        ORDER_EXPIRING = "order_expiring", _("Protective order expiring")
        SAFETY_REVIEW = "safety_review", _("Safety plan review due")
        SCREENING = "screening", _("Screening awaiting identification")

    kind = models.CharField(_("alert"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", models.CASCADE, null=True, blank=True, related_name="+")
    order = models.ForeignKey(
        ProtectiveOrder, models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    safety_plan = models.ForeignKey(
        SafetyPlan, models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    screening = models.ForeignKey(
        Screening, models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    source_id = models.PositiveBigIntegerField()
    due_on = models.DateField(_("due"))
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "due_on"], name="prot_alert_once_per_due_date"
            )
        ]
        indexes = [
            models.Index(fields=["case", "resolved_at"], name="prot_alert_case_open"),
            models.Index(fields=["organisation", "resolved_at"], name="prot_alert_org_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

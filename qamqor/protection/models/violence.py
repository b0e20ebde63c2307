"""Domestic violence: protective orders and their violations, risk assessments and safety
plans."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models import RiskLevel
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates
from qamqor.protection.models.base import USER

# Domestic violence: protective orders, risk and safety


class ProtectiveOrder(TimeStampedModel):
    class Kind(models.TextChoices):
        POLICE = "police_protective", _("Protective order (police)")
        COURT_BEHAVIOUR = "court_behaviour", _("Special requirements on behaviour (court)")
        COURT_RESTRAINING = "court_restraining", _("Restraining order (court)")
        OTHER = "other", _("Other order")

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        FORMER_SPOUSE = "former_spouse", _("Former spouse")
        PARTNER = "partner", _("Partner")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        "cases.Case",
        models.CASCADE,
        related_name="protective_orders",
        verbose_name=_("protected person's case"),
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    conditions = models.TextField(_("conditions"))
    # The respondent: only what enforcement needs.
    respondent_name = models.CharField(_("respondent's name"), max_length=200)
    respondent_relationship = models.CharField(
        _("respondent's relation to the protected person"),
        max_length=16,
        choices=Relationship.choices,
    )
    respondent_birth_year = models.PositiveSmallIntegerField(
        _("respondent's year of birth"), null=True, blank=True
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+")
    region = models.ForeignKey("catalog.Region", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("protective order")
        verbose_name_plural = _("protective orders")
        ordering = ["-valid_until", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="prot_order_dates_ordered"
            )
        ]
        indexes = [
            models.Index(fields=["valid_until"], name="prot_order_valid_until"),
            models.Index(fields=["region", "issued_on"], name="prot_order_region_issued"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["issued_on", "revoked_on"])

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from}–{self.valid_until}"

    def in_force_on(self, day: dt.date) -> bool:
        if self.revoked_on and self.revoked_on <= day:
            return False
        return self.valid_from <= day <= self.valid_until


class OrderViolation(TimeStampedModel):
    class Reporter(models.TextChoices):
        PROTECTED_PERSON = "protected_person", _("The protected person")
        POLICE = "police", _("Police")
        CASE_WORKER = "case_worker", _("Case worker")
        WITNESS = "witness", _("Neighbour or witness")
        OTHER = "other", _("Other")

    class Response(models.TextChoices):
        POLICE_CALLED = "police_called", _("Police called out")
        RESPONDENT_REMOVED = "respondent_removed", _("Respondent removed or detained")
        REPORT_FILED = "report_filed", _("Report filed")
        SAFETY_PLAN = "safety_plan", _("Safety plan activated")
        SHELTER = "shelter", _("Moved to a shelter")
        NONE = "none", _("No action")
        OTHER = "other", _("Other action")

    class Liability(models.TextChoices):
        PENDING = "pending", _("Under consideration")
        NONE = "none", _("None")
        WARNING = "warning", _("Warning")
        FINE = "fine", _("Administrative fine")
        ARREST = "arrest", _("Administrative arrest")
        CRIMINAL = "criminal", _("Criminal liability")

    order = models.ForeignKey(ProtectiveOrder, models.CASCADE, related_name="violations")
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="+")
    occurred_on = models.DateField(_("date"))
    reported_by = models.CharField(_("reported by"), max_length=16, choices=Reporter.choices)
    action_taken = models.CharField(_("action taken"), max_length=24, choices=Response.choices)
    liability = models.CharField(
        _("liability imposed"), max_length=16, choices=Liability.choices, default=Liability.PENDING
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-pk"]

    def clean(self) -> None:
        check_dates(self, events=["occurred_on"])

    def __str__(self) -> str:
        return f"{self.order_id} {self.occurred_on}"


class RiskAssessment(TimeStampedModel):
    """A structured risk checklist for a victim of violence (qamqor.protection.risk)."""

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    answers = models.JSONField(_("answers"))
    score = models.PositiveSmallIntegerField(_("score"))
    level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-pk"]

    def clean(self) -> None:
        check_dates(self, events=["assessed_on"])

    def __str__(self) -> str:
        return f"{self.case} {self.get_level_display()}"


class SafetyPlan(TimeStampedModel):
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="safety_plans")
    steps = models.JSONField(_("steps"))
    contacts = models.JSONField(_("contacts"), default=list)
    review_due = models.DateField(_("review due"))
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["is_current", "review_due"], name="prot_safety_review")]

    def __str__(self) -> str:
        return f"{self.case} {self.review_due}"

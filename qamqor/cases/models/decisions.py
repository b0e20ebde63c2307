"""Needs assessments and eligibility decisions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models.base import USER, Approval
from qamqor.cases.models.intake_case import Case
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates


class EligibilityDecision(TimeStampedModel):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")

    case = models.ForeignKey(Case, models.CASCADE, related_name="decisions")
    group = models.ForeignKey(
        "catalog.AtRiskGroup", models.PROTECT, related_name="+", verbose_name=_("at-risk group")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    refusal_reason = models.ForeignKey(
        "catalog.RefusalReason",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    decided_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    approval = models.CharField(
        _("approval"), max_length=16, choices=Approval.choices, default=Approval.PENDING
    )
    approved_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for monitoring: counted by organisation, region, group and date.
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+")
    region = models.ForeignKey("catalog.Region", models.PROTECT, related_name="+")
    rights_concern = models.BooleanField(
        _("rights concern"),
        default=False,
        help_text=_("Refused for lack of registration, ID or citizenship."),
    )

    class Meta:
        verbose_name = _("eligibility decision")
        verbose_name_plural = _("eligibility decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="refused") | Q(refusal_reason__isnull=False),
                name="cases_decision_refusal_has_reason",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "approval"], name="cases_decision_org_approval"),
            models.Index(fields=["region", "decided_on"], name="cases_decision_region_day"),
            models.Index(fields=["group", "outcome"], name="cases_decision_group_outcome"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["decided_on"])

    def __str__(self) -> str:
        return f"{self.case} {self.group}: {self.get_outcome_display()}"


class NeedsAssessment(TimeStampedModel):
    case = models.ForeignKey(Case, models.CASCADE, related_name="assessments")
    assessed_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-pk"]

    def clean(self) -> None:
        check_dates(self, events=["assessed_on"])

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_on}"


class Need(models.Model):
    class Domain(models.TextChoices):
        SAFETY = "safety", _("Safety")
        HEALTH = "health", _("Health")
        HOUSING = "housing", _("Housing")
        LEGAL_STATUS = "legal_status", _("Legal status and documents")
        INCOME = "income", _("Income")
        EDUCATION = "education", _("Education")
        FAMILY = "family", _("Family")

    class Severity(models.IntegerChoices):
        NONE = 0, _("None")
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    assessment = models.ForeignKey(NeedsAssessment, models.CASCADE, related_name="needs")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="cases_need_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_severity_display()}"

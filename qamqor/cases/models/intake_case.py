"""The intake, the case and who works on it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qamqor.cases.models.base import RISK_RANK, USER, RiskLevel
from qamqor.core.codes import CodedModel
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates


class Intake(TimeStampedModel):
    """The first contact: how and where a person (or an anonymous caller) reached a service."""

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("Hotline call")
        WALK_IN = "walk_in", _("Walk-in")
        POLICE = "police", _("Referral from police")
        BORDER = "border", _("Referral from border service")
        COURT = "court", _("Referral from court")
        SCHOOL = "school", _("Referral from school")
        HEALTH = "health", _("Referral from health facility")
        NGO = "ngo", _("Referral from NGO")
        INTERNATIONAL = "international", _("Referral from international organisation")
        OUTREACH = "outreach", _("Outreach")
        SCREENING = "screening", _("Screening")

    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    presenting_problem = models.TextField(_("presenting problem"), blank=True)
    immediate_risk = models.CharField(
        _("immediate risk"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.NONE
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("person"),
    )
    recorded_by = models.ForeignKey(
        USER, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["organisation", "received_at"], name="cases_intake_org_time"),
            models.Index(fields=["region", "received_at"], name="cases_intake_region_time"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["received_at"])

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d}"


class Case(CodedModel, TimeStampedModel):
    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ASSESSMENT = "assessment", _("Assessment")
        ELIGIBILITY = "eligibility", _("Eligibility")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    S = Status
    # The only moves a case can make; closing and reopening go through their own services.
    TRANSITIONS: dict[str, set[str]] = {
        S.INTAKE: {S.ASSESSMENT, S.CLOSED},
        S.ASSESSMENT: {S.ELIGIBILITY, S.CLOSED},
        S.ELIGIBILITY: {S.ACTIVE, S.CLOSED},
        S.ACTIVE: {S.CLOSED},
        S.CLOSED: {S.ASSESSMENT},
    }

    CODE_PREFIX = "C"

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    intake = models.OneToOneField(
        Intake,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("intake"),
    )
    lead_worker = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_led",
        verbose_name=_("lead worker"),
    )
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    groups = models.ManyToManyField(
        "catalog.AtRiskGroup",
        related_name="+",
        blank=True,
        verbose_name=_("at-risk groups claimed"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INTAKE
    )
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Visible only to the lead worker, assigned staff and supervisors."),
    )
    summary = models.TextField(_("summary"), blank=True)
    risk_rank = models.PositiveSmallIntegerField(
        _("risk rank"), default=RISK_RANK[RiskLevel.NONE], editable=False
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="cases_case_org_status"),
            models.Index(fields=["lead_worker", "status"], name="cases_case_lead_status"),
            models.Index(
                fields=["lead_worker", "risk_rank", "-opened_at"], name="cases_case_lead_risk"
            ),
            models.Index(fields=["region", "opened_at"], name="cases_case_region_opened"),
            models.Index(fields=["status", "opened_at"], name="cases_case_status_opened"),
            models.Index(fields=["opened_at"], name="cases_case_opened"),
            models.Index(fields=["restricted", "organisation"], name="cases_case_restricted"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(code=""), name="cases_case_code_set")]

    def clean(self) -> None:
        check_dates(self, events=["opened_at"])

    def __str__(self) -> str:
        return self.code

    @property
    def risk_level(self) -> RiskLevel:
        """The current risk: from the latest risk assessment, else from the intake."""
        return next(level for level, rank in RISK_RANK.items() if rank == self.risk_rank)

    def may_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class CaseAssignment(TimeStampedModel):
    """Staff explicitly assigned to a case besides its lead worker."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="assignments")
    user = models.ForeignKey(USER, models.PROTECT, related_name="case_assignments")
    assigned_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="cases_assignment_unique")
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="cases_assignment_user")]

    def __str__(self) -> str:
        return f"{self.case} — {self.user}"

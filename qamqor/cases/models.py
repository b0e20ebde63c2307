"""Intake to closure (SPEC §3.3).

A case belongs to one organisation and one person. Its status moves intake → assessment →
eligibility → active → closed, and a closed case may be reopened; `Case.TRANSITIONS` is the
whole flow and services refuse anything else. Rows that monitoring will count (decisions,
deliveries, referrals, stays) carry the organisation, region and group as indexed columns, so
that statistics never need joins or date functions at query time.

Writes go through services.py; every change adds a CaseEvent, which is the case's timeline.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qamqor.cases.events import KIND_LENGTH, CaseKind, kind_choices
from qamqor.core.codes import CodedModel
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates

USER = settings.AUTH_USER_MODEL


def new_case_code() -> str:
    """Named by migration 0001 as the field's old default. Codes are now given on insert from
    the row id (qamqor.core.codes); an empty code is what CodedModel fills in."""
    return ""


class RiskLevel(models.TextChoices):
    NONE = "none", _("No immediate risk")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


# Cases sort by risk, highest first: the rank is stored on the case so that a worker's list
# comes from an index instead of a sort of every case they hold.
RISK_RANK = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2, RiskLevel.NONE: 3}


class Approval(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


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


class CaseEvent(models.Model):
    """One line of the case's timeline, written by the service that made the change."""

    # The case's own kinds; apps above cases add theirs (cases/events.py).
    Kind = CaseKind

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=KIND_LENGTH, choices=kind_choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(USER, models.PROTECT, related_name="+")
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "at"], name="cases_event_case_at")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

"""Protection (SPEC §3.4): hotline calls, trafficking screening and formal identification,
protective orders and their violations, risk assessments and safety plans, and the alerts
they raise.

Calls and screenings are anonymous: they name nobody and belong to their organisation's
front-line staff until a case is opened from them or they are added to one; from then on the
case's rules apply. Everything else hangs off a case and is reached only through it.
Rows that monitoring will count carry the organisation and region as indexed columns.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models import RiskLevel, join_categories, split_categories
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import check_dates
from qamqor.people.models import Citizenship, Sex
from qamqor.protection import htcds

USER = settings.AUTH_USER_MODEL


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


# Hotline


class HotlineCall(TimeStampedModel):
    class CallerType(models.TextChoices):
        SELF = "self", _("The person concerned")
        RELATIVE = "relative", _("Relative")
        WITNESS = "witness", _("Neighbour or witness")
        PROFESSIONAL = "professional", _("Professional (school, health, police)")
        NOT_STATED = "not_stated", _("Not stated")

    class Topic(models.TextChoices):
        DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
        TRAFFICKING = "trafficking", _("Trafficking or forced labour")
        CHILD = "child", _("Child protection")
        DISABILITY = "disability", _("Disability")
        HOMELESSNESS = "homelessness", _("Homelessness")
        MIGRATION = "migration", _("Migration and documents")
        LEGAL = "legal", _("Legal help")
        PSYCHOLOGICAL = "psychological", _("Psychological help")
        SERVICES = "services", _("Information on social services")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        KK = "kk", _("Kazakh")
        RU = "ru", _("Russian")
        EN = "en", _("English")
        OTHER = "other", _("Other language")

    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    received_at = models.DateTimeField(_("time of call"), default=timezone.now)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    caller_type = models.CharField(
        _("caller"), max_length=16, choices=CallerType.choices, default=CallerType.NOT_STATED
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    risk_flag = models.BooleanField(
        _("immediate risk"), default=False, help_text=_("The caller or someone else is in danger.")
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("What was asked and advised.")
    )
    recorded_by = models.ForeignKey(
        USER, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    case = models.ForeignKey(
        "cases.Case",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("case"),
    )
    intake = models.OneToOneField(
        "cases.Intake",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="call",
        verbose_name=_("intake"),
    )

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "received_at"], name="prot_call_org_time"),
            models.Index(fields=["region", "received_at"], name="prot_call_region_time"),
            models.Index(fields=["topic", "received_at"], name="prot_call_topic_time"),
        ]

    def clean(self) -> None:
        check_dates(self, events=["received_at"])

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {timezone.localtime(self.received_at):%Y-%m-%d %H:%M}"


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

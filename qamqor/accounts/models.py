"""Users, the organisations they work for, and their roles there (memberships)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qamqor.core.access import Role
from qamqor.core.models import TimeStampedModel, translated


class User(AbstractUser):
    """A member of staff. What they may do comes from their memberships, not from Django's
    permission flags (see qamqor.core.access)."""

    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        STATE_BODY = "state_body", _("State body")
        NGO = "ngo", _("Non-governmental organisation")
        INTERNATIONAL = "international", _("International organisation")
        POLICE = "police", _("Police")
        COURT = "court", _("Court")
        BORDER_SERVICE = "border_service", _("Border service")
        SCHOOL = "school", _("School")
        HEALTH_FACILITY = "health_facility", _("Health facility")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{12}$", _("A BIN has 12 digits."))],
        help_text=_("Business identification number."),
    )
    region = models.ForeignKey(
        "catalog.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    regions_served = models.ManyToManyField(
        "catalog.Region", related_name="served_by", blank=True, verbose_name=_("regions served")
    )
    is_provider = models.BooleanField(
        _("provides special social services"),
        default=False,
        help_text=_("Providers need a certification for each service type they give."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    screening_threshold = models.PositiveSmallIntegerField(
        _("trafficking screening threshold"),
        default=10,
        help_text=_(
            "A screening scoring at least this much is referred for formal identification."
        ),
    )
    history = HistoricalRecords(m2m_fields=[regions_served])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["bin"], condition=~Q(bin=""), name="accounts_organisation_bin_unique"
            )
        ]

    @property
    def name(self) -> str:
        return translated(self, "name")

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in an organisation. A user may hold several."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__code", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="accounts_membership_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="accounts_member_org_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"


class Notice(models.Model):
    """Something a user is told of — a referral received, a case assigned, an approval
    waiting — shown in their inbox until they read it. Written only by
    accounts.notices.notify, once per (recipient, kind, source record). The case is kept by
    id and code, not as a foreign key: accounts sits below cases (docs/development.md)."""

    recipient = models.ForeignKey(
        User, models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("notice"), max_length=24)
    source_type = models.CharField(max_length=48)
    source_id = models.PositiveBigIntegerField()
    case_id = models.BigIntegerField(null=True, blank=True)
    case_code = models.CharField(_("case"), max_length=16, blank=True)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "source_type", "source_id"],
                name="accounts_notice_once",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="accounts_notice_unread"),
            models.Index(fields=["recipient", "raised_at"], name="accounts_notice_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_code}".strip()

    @property
    def access_log_code(self) -> str:
        """The code the access log records for a read of this notice: its case's."""
        return self.case_code

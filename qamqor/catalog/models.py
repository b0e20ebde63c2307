"""Reference data: regions, at-risk groups, service types, settings, refusal reasons,
trafficking indicators and service standards.

Every item has a stable code, names in Kazakh, Russian and English, and validity dates
(`valid_from` inclusive, `valid_to` exclusive, empty = open). Items are loaded from the data
files in catalog/data by `qamqor load_catalog`; an item dropped from its file is deactivated,
never deleted, and every change is kept in the item's history.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qamqor.core.models import TimeStampedModel, TranslatedNameModel, translated


class CatalogQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_force(self, on: dt.date | None = None):
        """Active items valid on the date `on` (today by default)."""
        on = on or timezone.localdate()
        return self.active().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        )


class CatalogItem(TranslatedNameModel, TimeStampedModel):
    code = models.CharField(_("code"), max_length=64, unique=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("The first day it is no longer valid.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(inherit=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def is_in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        if not self.is_active:
            return False
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on >= self.valid_to)


def _validity_constraint(model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True)
        | Q(valid_from__isnull=True)
        | Q(valid_to__gt=F("valid_from")),
        name=f"catalog_{model}_validity_ordered",
    )


class Region(CatalogItem):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        CITY = "city", _("City of republican significance")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta(CatalogItem.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [_validity_constraint("region")]


class AtRiskGroup(CatalogItem):
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Cases of this group are visible only on a need-to-know basis."),
    )
    children = models.BooleanField(_("children"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta(CatalogItem.Meta):
        verbose_name = _("at-risk group")
        verbose_name_plural = _("at-risk groups")
        constraints = [_validity_constraint("atriskgroup")]


class ServiceType(CatalogItem):
    class Kind(models.TextChoices):
        SPECIAL = "special", _("Special social service")
        OTHER = "other", _("Other service")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta(CatalogItem.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        constraints = [_validity_constraint("servicetype")]


class Setting(CatalogItem):
    class Meta(CatalogItem.Meta):
        verbose_name = _("setting")
        verbose_name_plural = _("settings")
        constraints = [_validity_constraint("setting")]


class RefusalReason(CatalogItem):
    documentation_related = models.BooleanField(
        _("documentation-related"),
        default=False,
        help_text=_("Refusals for lack of registration, ID or citizenship: a rights concern."),
    )

    class Meta(CatalogItem.Meta):
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")
        constraints = [_validity_constraint("refusalreason")]


class TraffickingIndicator(CatalogItem):
    class Category(models.TextChoices):
        CONTROL = "control", _("Method of control")
        RECRUITMENT = "recruitment", _("Recruitment")
        EXPLOITATION = "exploitation", _("Exploitation")
        VULNERABILITY = "vulnerability", _("Vulnerability")

    weight = models.PositiveSmallIntegerField(_("weight"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    htcds_field = models.CharField(
        _("HTCDS field"),
        max_length=64,
        blank=True,
        help_text=_("The field of IOM's Human Trafficking Case Data Standard v2 it maps to."),
    )

    class Meta(CatalogItem.Meta):
        verbose_name = _("trafficking indicator")
        verbose_name_plural = _("trafficking indicators")
        constraints = [
            _validity_constraint("traffickingindicator"),
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="catalog_traffickingindicator_weight_positive"
            ),
        ]


class Standard(CatalogItem):
    """Quality, scope and conditions of one service type for one at-risk group."""

    class Unit(models.TextChoices):
        SESSION = "session", _("sessions")
        HOUR = "hour", _("hours")
        DAY = "day", _("days")
        VISIT = "visit", _("visits")
        CONSULTATION = "consultation", _("consultations")

    group = models.ForeignKey(
        AtRiskGroup, models.PROTECT, related_name="standards", verbose_name=_("at-risk group")
    )
    service_type = models.ForeignKey(
        ServiceType, models.PROTECT, related_name="standards", verbose_name=_("service type")
    )
    setting = models.ForeignKey(
        Setting, models.PROTECT, related_name="standards", verbose_name=_("setting")
    )
    # Scope
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    min_units = models.PositiveIntegerField(_("minimum units per plan"))
    max_units = models.PositiveIntegerField(_("maximum units per plan"))
    extendable = models.BooleanField(
        _("extendable"), default=False, help_text=_("The maximum may be exceeded with a reason.")
    )
    # Conditions
    days_to_first_service = models.PositiveIntegerField(_("maximum days to first service"))
    plan_review_days = models.PositiveIntegerField(_("plan review interval (days)"))
    followup_days = models.PositiveIntegerField(_("follow-up interval after closure (days)"))
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    no_registration_required = models.BooleanField(
        _("no residence registration required"), default=True
    )
    # Quality
    required_certification = models.ForeignKey(
        ServiceType,
        models.PROTECT,
        related_name="+",
        verbose_name=_("required provider certification"),
    )
    staff_qualification_kk = models.TextField(_("staff qualification (Kazakh)"))
    staff_qualification_ru = models.TextField(_("staff qualification (Russian)"))
    staff_qualification_en = models.TextField(_("staff qualification (English)"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta(CatalogItem.Meta):
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            _validity_constraint("standard"),
            models.CheckConstraint(
                condition=Q(max_units__gte=F("min_units")),
                name="catalog_standard_units_ordered",
            ),
            models.CheckConstraint(
                condition=Q(plan_review_days__gte=1) & Q(followup_days__gte=1),
                name="catalog_standard_intervals_positive",
            ),
        ]
        indexes = [models.Index(fields=["group", "service_type"], name="catalog_std_group_type")]

    @property
    def staff_qualification(self) -> str:
        return translated(self, "staff_qualification")


class CatalogLoad(models.Model):
    """One load of a catalog data file that changed something: where the history came from."""

    file_name = models.CharField(_("file"), max_length=128)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    catalog_version = models.CharField(_("catalog version"), max_length=32)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    created = models.PositiveIntegerField(_("rows created"), default=0)
    updated = models.PositiveIntegerField(_("rows updated"), default=0)
    deactivated = models.PositiveIntegerField(_("rows deactivated"), default=0)

    class Meta:
        verbose_name = _("catalog load")
        verbose_name_plural = _("catalog loads")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.catalog_version} ({self.loaded_at:%Y-%m-%d %H:%M})"

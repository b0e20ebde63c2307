"""Persons served, their family links, and the name keys that find them.

No identity field is mandatory: a person always has a pseudonymous `code` (the only
identifier that appears in URLs, logs and exports) and whatever the worker has besides.
Residence registration and the IIN are facts, never gates.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qamqor.core.codes import CodedModel
from qamqor.core.models import TimeStampedModel
from qamqor.core.validators import date_errors
from qamqor.people.iin import parse_iin


def new_person_code() -> str:
    """Named by migration 0001 as the field's old default. Codes are now given on insert from
    the row id (qamqor.core.codes); an empty code is what CodedModel fills in."""
    return ""


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class Registration(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")
    UNKNOWN = "unknown", _("Unknown")


class Citizenship(models.TextChoices):
    """Citizenship as recorded: a country (ISO 3166-1 alpha-2), stateless or unknown."""

    KAZAKHSTAN = "KZ", _("Kazakhstan")
    UZBEKISTAN = "UZ", _("Uzbekistan")
    KYRGYZSTAN = "KG", _("Kyrgyzstan")
    TAJIKISTAN = "TJ", _("Tajikistan")
    TURKMENISTAN = "TM", _("Turkmenistan")
    RUSSIA = "RU", _("Russia")
    CHINA = "CN", _("China")
    AFGHANISTAN = "AF", _("Afghanistan")
    UKRAINE = "UA", _("Ukraine")
    AZERBAIJAN = "AZ", _("Azerbaijan")
    MONGOLIA = "MN", _("Mongolia")
    OTHER = "other", _("Other country")
    STATELESS = "stateless", _("Stateless")
    UNKNOWN = "unknown", _("Unknown")


# The facts a worker may record about a person, in the order forms show them.
FACT_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "birth_year",
    "birth_date_estimated",
    "sex",
    "citizenship",
    "languages",
    "residence_registration",
    "iin",
    "phone",
    "address",
    "region",
)


class Person(CodedModel, TimeStampedModel):
    CODE_PREFIX = "P"

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    registered_by = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        help_text=_("From the birth date, or estimated from an approximate age."),
    )
    birth_date_estimated = models.BooleanField(_("birth year estimated"), default=False)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(
        _("citizenship"), max_length=16, choices=Citizenship.choices, default=Citizenship.UNKNOWN
    )
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("For example: kk, ru, uz.")
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    residence_registration = models.CharField(
        _("residence registration"),
        max_length=16,
        choices=Registration.choices,
        default=Registration.UNKNOWN,
    )
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    iin_hash = models.CharField(max_length=64, blank=True, editable=False)
    region = models.ForeignKey(
        "catalog.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["iin_hash"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["iin_hash"], name="people_person_iin_hash"),
            models.Index(fields=["region", "birth_year"], name="people_person_region_year"),
            models.Index(fields=["registered_by", "created_at"], name="people_person_registered"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(iin="") | Q(iin__regex=r"^[0-9]{12}$"),
                name="people_person_iin_digits",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="people_person_code_set"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        # A person as one user sees them (people.access.project) has blanks where the view
        # hides a field: saving it would erase those facts.
        if getattr(self, "hidden_fields", None):
            raise ValueError("A projected person is shown, never saved.")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A plausible birth date and a valid IIN, each refused at its own field (so that the
        IIN's database constraint is never what a user reads)."""
        errors = date_errors(self, births=["birth_date"])
        if self.iin:
            try:
                parse_iin(self.iin)
            except ValidationError as error:
                errors["iin"] = error.error_list
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        return " ".join(
            part for part in (self.family_name, self.given_name, self.patronymic) if part
        )


class PersonNameToken(models.Model):
    """One skeleton (see names.py) of a person's names, for search across scripts."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "person"], name="people_token_unique")
        ]

    def __str__(self) -> str:
        return self.token


class FamilyLink(TimeStampedModel):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Brother or sister")
        SPOUSE = "spouse", _("Spouse or partner")
        GRANDPARENT = "grandparent", _("Grandparent")
        GUARDIAN = "guardian", _("Guardian")
        OTHER = "other", _("Other relative")

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="family_links", verbose_name=_("person")
    )
    relative = models.ForeignKey(
        Person, models.CASCADE, related_name="+", verbose_name=_("relative")
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="people_family_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="people_family_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.relative} ({self.get_relation_display()})"

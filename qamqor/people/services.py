"""Writes about persons: create, edit (refusing stale versions), merge, family links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, StaleVersionError
from qamqor.people.iin import iin_hash, parse_iin
from qamqor.people.models import FACT_FIELDS, FamilyLink, Person, PersonNameToken
from qamqor.people.names import name_tokens
from qamqor.people.signals import facts_changed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class PersonResult:
    person: Person
    warnings: list[StrOrPromise] = field(default_factory=list)


def _check_iin(person: Person) -> list[StrOrPromise]:
    """Validate the IIN (an error) and compare it with the other facts (warnings only)."""
    if not person.iin:
        person.iin_hash = ""
        return []
    try:
        facts = parse_iin(person.iin)
    except ValidationError as error:
        raise ValidationError({"iin": error.error_list}) from None
    person.iin_hash = iin_hash(person.iin)
    warnings: list[StrOrPromise] = []
    if person.birth_date and person.birth_date != facts.birth_date:
        warnings.append(
            _("The IIN gives another birth date (%(date)s).") % {"date": facts.birth_date}
        )
    if person.sex in ("female", "male") and person.sex != facts.sex:
        warnings.append(_("The IIN gives the other sex."))
    return warnings


def _fill_birth_year(person: Person, age: int | None) -> None:
    if person.birth_date:
        person.birth_year = person.birth_date.year
        person.birth_date_estimated = False
    elif age is not None:
        person.birth_year = timezone.localdate().year - age
        person.birth_date_estimated = True


def index_names(person: Person) -> None:
    tokens = name_tokens(person.given_name, person.family_name, person.patronymic)
    PersonNameToken.objects.filter(person=person).exclude(token__in=tokens).delete()
    existing = set(person.name_tokens.values_list("token", flat=True))
    PersonNameToken.objects.bulk_create(
        [PersonNameToken(person=person, token=token) for token in tokens if token not in existing]
    )


@transaction.atomic
def person_create(
    *,
    actor: User,
    organisation: Organisation,
    age: int | None = None,
    **values: Any,
) -> PersonResult:
    """Record a person; nothing but the organisation is required. `age` estimates the birth
    year when the birth date is unknown."""
    if not access.can(actor, Action.CREATE_CASE, organisation):
        raise PermissionDenied
    if age is not None and not 0 <= age <= 120:
        raise ValidationError({"age": _("Give an age between 0 and 120.")})
    person = Person(registered_by=organisation, **values)
    _fill_birth_year(person, age)
    warnings = _check_iin(person)
    person.full_clean()
    person.save()
    index_names(person)
    return PersonResult(person, warnings)


@transaction.atomic
def person_update(
    *, actor: User, person: Person, version: int, age: int | None = None, **values: Any
) -> PersonResult:
    """Change a person's facts, unless someone else changed them since `version` was read."""
    if not access.can(actor, Action.EDIT_PERSON, person):
        raise PermissionDenied
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise ApplicationError(code="unknown_fields", fields={name: [] for name in unknown})
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise StaleVersionError(current=current)
    for name, value in values.items():
        setattr(current, name, value)
    _fill_birth_year(current, age)
    warnings = _check_iin(current)
    current.full_clean()
    current.version = version + 1  # the row is locked: no one else can write in between
    current.save()
    index_names(current)
    facts_changed.send(sender=Person, person=current)
    return PersonResult(current, warnings)


@transaction.atomic
def person_merge(*, actor: User, keep: Person, merge: Person) -> Person:
    """Merge `merge` into `keep`: its cases, intakes and family links move to `keep`; the
    merged record stays, inactive, pointing to `keep`, so history is never lost."""
    for person in (keep, merge):
        if not access.can(actor, Action.MERGE_PERSONS, person):
            raise PermissionDenied
    if keep.pk == merge.pk or not merge.is_active or not keep.is_active:
        raise ApplicationError(_("Choose two different active persons."), code="invalid_merge")
    merge.cases.update(person=keep)
    merge.intakes.update(person=keep)
    for link in FamilyLink.objects.filter(person=merge).exclude(relative=keep):
        FamilyLink.objects.get_or_create(
            person=keep,
            relative=link.relative,
            defaults={"relation": link.relation, "recorded_by": actor},
        )
    FamilyLink.objects.filter(person=merge).delete()
    FamilyLink.objects.filter(relative=merge).exclude(person=keep).update(relative=keep)
    FamilyLink.objects.filter(relative=merge).delete()
    for name in FACT_FIELDS:
        if not getattr(keep, name) and getattr(merge, name):
            setattr(keep, name, getattr(merge, name))
    keep._change_reason = f"merged {merge.code}"  # type: ignore[attr-defined]  # simple_history
    keep.version += 1
    keep.save()
    index_names(keep)
    merge.merged_into = keep
    merge.is_active = False
    merge._change_reason = f"merged into {keep.code}"  # type: ignore[attr-defined]  # simple_history
    merge.version += 1
    merge.save()
    facts_changed.send(sender=Person, person=keep)
    return keep


@transaction.atomic
def family_link_add(*, actor: User, person: Person, relative: Person, relation: str) -> FamilyLink:
    for someone in (person, relative):
        if not access.can(actor, Action.EDIT_PERSON, someone):
            raise PermissionDenied
    link = FamilyLink(person=person, relative=relative, relation=relation, recorded_by=actor)
    link.full_clean()
    link.save()
    return link


def age_on(person: Person, day: dt.date) -> int | None:
    if person.birth_date:
        years = day.year - person.birth_date.year
        return years - ((day.month, day.day) < (person.birth_date.month, person.birth_date.day))
    if person.birth_year:
        return day.year - person.birth_year
    return None

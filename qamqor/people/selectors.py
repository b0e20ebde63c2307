"""Reads about persons: search and possible duplicates, always within what the user may see
(people.access.visible_persons). What they return is shown only after `people.access.project`."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from qamqor.accounts.models import User
from qamqor.catalog.models import Region
from qamqor.people.access import visible_persons
from qamqor.people.iin import iin_hash
from qamqor.people.models import Person, PersonNameToken
from qamqor.people.names import name_tokens

PREFIX_FROM = 3  # shorter tokens must match whole


def _token_condition(token: str) -> Q:
    """Tokens equal to `token` or, for longer ones, starting with it — as a range, so that
    the (token, person) index serves it on both engines and under any collation."""
    if len(token) < PREFIX_FROM:
        return Q(token=token)
    if token[-1] == "z":
        return Q(token__gte=token, token__lt=token[:-1] + "{")
    return Q(token__gte=token, token__lt=token[:-1] + chr(ord(token[-1]) + 1))


def _with_tokens(persons: QuerySet[Person], tokens: list[str], *, prefix: bool) -> QuerySet:
    """Persons having, for every query token, a name token that matches it: nested semi-joins
    on the token index, so that only persons matching every token are then checked against
    the access policy (a common family name alone can match 100,000)."""
    matching: QuerySet | None = None
    for token in tokens:
        rows = PersonNameToken.objects.filter(_token_condition(token) if prefix else Q(token=token))
        if matching is not None:
            rows = rows.filter(person__in=matching)
        matching = rows.values("person")
    return persons.filter(pk__in=matching)  # type: ignore[misc]  # tokens are never empty


def search_persons(
    *, user: User, name: str = "", iin: str = "", code: str = "", region: Region | None = None
) -> QuerySet[Person]:
    """Persons matching every criterion given, across scripts and spelling variants."""
    persons = visible_persons(user)
    if code:
        persons = persons.filter(code=code.strip().upper())
    if iin:
        digits = iin.strip()
        persons = persons.filter(iin_hash=iin_hash(digits)) if digits.isdigit() else persons.none()
    if name:
        tokens = name_tokens(name)
        persons = _with_tokens(persons, tokens, prefix=True) if tokens else persons.none()
    if region is not None:
        persons = persons.filter(region=region)
    return persons.select_related("region", "registered_by").order_by(
        "family_name", "given_name", "pk"
    )


def possible_duplicates(
    *,
    user: User,
    iin: str = "",
    given_name: str = "",
    family_name: str = "",
    birth_year: int | None = None,
    region: Region | None = None,
    exclude: Person | None = None,
) -> QuerySet[Person]:
    """Visible persons who may be the same: the same IIN, or the same names (across scripts)
    with a birth year within one year and the same region, where both are known."""
    candidates = visible_persons(user)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    conditions = Q(pk__in=[])
    if iin and iin.isdigit():
        conditions |= Q(iin_hash=iin_hash(iin))
    tokens = name_tokens(given_name, family_name)
    if tokens and given_name and family_name:
        similar = _with_tokens(candidates, tokens, prefix=False)
        if birth_year:
            similar = similar.filter(
                Q(birth_year__isnull=True) | Q(birth_year__range=(birth_year - 1, birth_year + 1))
            )
        if region is not None:
            similar = similar.filter(Q(region__isnull=True) | Q(region=region))
        conditions |= Q(pk__in=similar.values("pk"))
    return candidates.filter(conditions).select_related("region").order_by("pk")

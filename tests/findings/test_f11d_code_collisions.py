"""Finding 11 (integrity, codes): pseudonymous codes were drawn at random with no retry, so two
rows could draw the same code (about 1 in 3 at a million persons) and the second insert failed
with an IntegrityError — through the services and in bulk fills alike.

The random source is made to repeat itself, as it eventually does by the birthday bound: the
codes must stay distinct, on every creation path."""

import secrets

import pytest

from qamqor.core.access import Role
from qamqor.people.models import Person
from qamqor.people.services import person_create
from tests.factories import CaseFactory


@pytest.fixture
def repeating_random(monkeypatch):
    """Every draw of a random symbol gives the same symbol."""
    monkeypatch.setattr(secrets, "choice", lambda sequence: sequence[7])


def test_two_persons_created_through_the_service_get_distinct_codes(org, member, repeating_random):
    worker = member(Role.CASEWORKER)

    first = person_create(actor=worker, organisation=org, given_name="Aida").person
    second = person_create(actor=worker, organisation=org, given_name="Dana").person

    assert first.code != second.code
    assert Person.objects.count() == 2


def test_persons_created_in_bulk_get_distinct_codes(org, repeating_random):
    Person.objects.bulk_create([Person(registered_by=org) for _ in range(3)])

    assert len(set(Person.objects.values_list("code", flat=True))) == 3


def test_two_cases_get_distinct_codes(org, repeating_random):
    first, second = CaseFactory(organisation=org), CaseFactory(organisation=org)

    assert first.code != second.code
    assert first.person.code != second.person.code

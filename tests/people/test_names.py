"""Names written in Cyrillic or Latin, with Kazakh and Russian spellings, find each other."""

import pytest

from qamqor.core.access import Role
from qamqor.people.names import name_tokens
from qamqor.people.selectors import possible_duplicates, search_persons
from qamqor.people.services import person_create

SPELLINGS = ["Нұрлан", "Нурлан", "Nurlan"]


@pytest.mark.parametrize(
    "variants",
    [
        SPELLINGS,
        ["Ерлан", "Yerlan", "Erlan"],
        ["Әйгерім", "Айгерим", "Aigerim", "Aygerim"],
        ["Жанна", "Zhanna", "Janna"],
        ["Дмитрий", "Dmitriy", "Dmitry"],
        ["Қасымов", "Kasymov", "Qasymov", "Kassymov"],
        ["Юлия", "Yuliya", "Iuliia"],
    ],
)
def test_spelling_variants_share_one_key(variants):
    keys = {tuple(name_tokens(variant)) for variant in variants}
    assert len(keys) == 1, keys


def test_different_names_keep_different_keys():
    assert name_tokens("Нурлан") != name_tokens("Нурбек")
    assert name_tokens("Асель") != name_tokens("Айгерим")


@pytest.fixture
def recorded(member, org):
    """One person recorded under each spelling of Nurlan, same family name and year."""
    from qamqor.catalog.models import Region

    worker = member(Role.CASEWORKER)
    astana = Region.objects.get(code="KZ-71")
    people = [
        person_create(
            actor=worker,
            organisation=org,
            given_name=spelling,
            family_name=family,
            birth_year=1990,
            region=astana,
        ).person
        for spelling, family in zip(SPELLINGS, ["Сейітов", "Сеитов", "Seitov"], strict=True)
    ]
    return worker, people


@pytest.mark.parametrize("query", SPELLINGS)
def test_search_finds_every_spelling(recorded, query):
    worker, people = recorded
    found = set(search_persons(user=worker, name=query))
    assert found == set(people)


def test_search_finds_by_the_start_of_a_name(recorded):
    worker, people = recorded
    assert set(search_persons(user=worker, name="Нұрл Seit")) == set(people)


def test_duplicates_are_suggested_across_spellings(recorded):
    worker, people = recorded
    for person in people:
        suggested = set(
            possible_duplicates(
                user=worker,
                given_name=person.given_name,
                family_name=person.family_name,
                birth_year=1991,
                region=person.region,
                exclude=person,
            )
        )
        assert suggested == set(people) - {person}


def test_duplicates_need_a_close_birth_year_and_the_same_region(recorded):
    from qamqor.catalog.models import Region

    worker, people = recorded
    kwargs = {"user": worker, "given_name": "Nurlan", "family_name": "Seitov"}
    assert not possible_duplicates(**kwargs, birth_year=1980).exists()
    assert not possible_duplicates(**kwargs, region=Region.objects.get(code="KZ-75")).exists()


def test_the_same_iin_is_a_duplicate_whatever_the_name(member, org):
    worker = member(Role.CASEWORKER)
    first = person_create(actor=worker, organisation=org, iin="900515301234").person
    assert list(possible_duplicates(user=worker, iin="900515301234", given_name="X")) == [first]
    assert list(search_persons(user=worker, iin="900515301234")) == [first]


def test_search_never_shows_persons_the_user_may_not_see(recorded, other_org, member):
    outsider = member(Role.CASEWORKER, other_org)
    assert not search_persons(user=outsider, name="Nurlan").exists()
    assert not possible_duplicates(
        user=outsider, given_name="Nurlan", family_name="Seitov"
    ).exists()

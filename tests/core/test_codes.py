"""Pseudonymous codes come from the row id through a keyed permutation: distinct on every
creation path (save, create, bulk_create, concurrent writers), still random-looking, and an
old random code that a new one happens to equal is skipped instead of failing."""

import json
import os
import random
import re
import subprocess
import sys
import threading

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from qamqor.core import codes
from qamqor.core.access import Role
from qamqor.people.models import Person
from qamqor.people.services import person_create
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory, PersonFactory

SYMBOL = f"[{codes.CODE_ALPHABET}]"
PERSON_CODE = re.compile(rf"^P-{SYMBOL}{{4}}-{SYMBOL}{{4}}$")


def _key():
    return codes.code_key(connection.alias)


def _next_id(model) -> int:
    """The id the next allocation will give (this takes one: nothing else writes meanwhile)."""
    return codes.allocate_ids(model, 1, connection.alias)[0] + 1


# The permutation


def test_it_is_a_bijection_that_round_trips_on_a_sample_of_ids():
    rng = random.Random(8)
    permutation = codes.Permutation(bytes(rng.getrandbits(8) for _ in range(32)), "P")
    sample = [*range(100_000), *(rng.randrange(codes.SPACE) for _ in range(50_000))]
    sample += [codes.SPACE - 1 - offset for offset in range(1000)]
    sample = sorted(set(sample))

    images = [permutation.forward(value) for value in sample]

    assert len(set(images)) == len(sample)
    assert all(0 <= image < codes.SPACE for image in images)
    assert [permutation.inverse(image) for image in images] == sample


def test_it_refuses_numbers_outside_the_code_space():
    permutation = codes.Permutation(b"k" * 32, "P")
    for value in (-1, codes.SPACE):
        with pytest.raises(ValueError):
            permutation.forward(value)


def test_codes_keep_the_format_and_decode():
    assert codes.encode("P", 0) == "P-0000-0000"
    assert codes.encode("C", codes.SPACE - 1) == "C-ZZZZ-ZZZZ"
    for value in (1, 31, 32, 123_456_789, codes.SPACE - 2):
        assert codes.decode(codes.encode("P", value)) == ("P", value)
    for bad in ("P-0000", "P-0000-000I", "P0000-0000", "-0000-0000", "P-00000-000"):
        with pytest.raises(ValueError):
            codes.decode(bad)


def test_consecutive_ids_give_codes_in_no_visible_order():
    key = bytes(range(32))
    person = [codes.code_for("P", row_id, key) for row_id in range(1, 2001)]
    case = [codes.code_for("C", row_id, key) for row_id in range(1, 2001)]

    rises = sum(1 for before, after in zip(person, person[1:], strict=False) if after > before)
    assert 0.4 < rises / 1999 < 0.6  # as often up as down, like random codes
    # No shared prefix runs either: the first symbol takes (nearly) all 32 values.
    assert len({code[2] for code in person}) >= 30
    # A person and a case of the same id do not share their code's body.
    assert sum(p[2:] == c[2:] for p, c in zip(person, case, strict=True)) == 0
    # Another key, other codes.
    assert codes.code_for("P", 1, bytes(32)) != person[0]


# Every creation path


@pytest.mark.django_db
def test_bulk_created_and_ordinary_persons_all_get_distinct_codes_of_their_ids(org, member):
    worker = member(Role.CASEWORKER)
    made = Person.objects.bulk_create(
        Person(registered_by=org, given_name=f"Bulk {index}") for index in range(10_000)
    )
    made += [PersonFactory(registered_by=org) for _ in range(20)]  # objects.create
    made += [
        person_create(actor=worker, organisation=org, given_name=f"Service {index}").person
        for index in range(20)
    ]
    made += Person.objects.bulk_create([Person(registered_by=org) for _ in range(5)])

    rows = list(Person.objects.values_list("pk", "code"))
    assert len(rows) == 10_045
    assert len({code for _pk, code in rows}) == 10_045
    assert all(PERSON_CODE.match(code) for _pk, code in rows)
    assert all(code == codes.code_for("P", pk, _key()) for pk, code in rows)
    assert {(person.pk, person.code) for person in made} == set(rows)


@pytest.mark.django_db
def test_cases_get_c_codes_from_their_ids(org):
    made = [CaseFactory(organisation=org) for _ in range(3)]
    assert all(case.code == codes.code_for("C", case.pk, _key()) for case in made)
    assert all(case.person.code.startswith("P-") for case in made)


@pytest.mark.django_db
def test_a_bulk_create_allocates_in_a_fixed_number_of_queries(org):
    def other_than_inserts(count):
        with CaptureQueriesContext(connection) as captured:
            Person.objects.bulk_create([Person(registered_by=org) for _ in range(count)])
        return [
            query["sql"]
            for query in captured
            if not query["sql"].startswith(('INSERT INTO "people_person"', "SAVEPOINT", "RELEASE"))
        ]

    # Ids and the clash check cost the same for 2 and 2,000 (only the inserts are batched).
    assert len(other_than_inserts(2)) == len(other_than_inserts(2000)) <= 3


@pytest.mark.django_db
def test_a_given_code_is_kept(org):
    person = Person.objects.create(registered_by=org, code="P-OLD0-0001")
    assert person.code == "P-OLD0-0001"


@pytest.mark.django_db
def test_the_database_refuses_a_person_without_a_code(org):
    with pytest.raises(IntegrityError):  # a plain manager's bulk_create gives no code
        Person._base_manager.bulk_create([Person(registered_by=org)])


# Clashes with old random codes


@pytest.mark.django_db
def test_a_new_code_equal_to_an_old_random_one_skips_that_id(org, member):
    old = PersonFactory(registered_by=org)  # stands for a row with a random code
    clashing_id = _next_id(Person)
    Person.objects.filter(pk=old.pk).update(code=codes.code_for("P", clashing_id, _key()))

    person = person_create(actor=member(Role.CASEWORKER), organisation=org).person

    assert person.pk == clashing_id + 1
    assert person.code == codes.code_for("P", clashing_id + 1, _key())
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_bulk_create_skips_ids_whose_codes_are_taken(org):
    old = PersonFactory(registered_by=org)
    first = _next_id(Person)
    Person.objects.filter(pk=old.pk).update(code=codes.code_for("P", first + 2, _key()))
    given = Person(registered_by=org, code=codes.code_for("P", first + 3, _key()))

    made = Person.objects.bulk_create([Person(registered_by=org) for _ in range(4)] + [given])

    assert [person.pk for person in made[:4]] == [first, first + 1, first + 4, first + 5]
    assert len({person.code for person in Person.objects.all()}) == Person.objects.count() == 6


# The key


@pytest.mark.django_db
def test_the_key_is_kept_in_the_database_and_made_again_only_if_missing():
    from qamqor.core.models import CodeKey

    stored = bytes(CodeKey.objects.get(pk=1).key)
    assert len(stored) == codes.KEY_BYTES
    assert codes.code_key(connection.alias) == stored


# Concurrent writers


def _together(work, count):
    start = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            start.wait()
            outcomes[index] = ("ok", work(index))
        except Exception as error:  # noqa: BLE001 - asserted on below
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_get_distinct_ids_and_codes(catalog):
    organisation = OrganisationFactory(code="busy-org")
    workers = [
        MembershipFactory(organisation=organisation, role=Role.CASEWORKER).user for _ in range(8)
    ]

    def work(index):
        if index % 2:  # half create one by one through the service, half in bulk
            return [
                person_create(actor=workers[index], organisation=organisation).person.pk
                for _ in range(15)
            ]
        made = Person.objects.bulk_create([Person(registered_by=organisation) for _ in range(200)])
        return [person.pk for person in made]

    outcomes = _together(work, 8)

    assert [status for status, _result in outcomes] == ["ok"] * 8, outcomes
    rows = list(Person.objects.values_list("pk", "code"))
    assert len(rows) == 4 * 15 + 4 * 200
    assert len({code for _pk, code in rows}) == len(rows)
    assert all(code == codes.code_for("P", pk, _key()) for pk, code in rows)


WRITER = """
import json, os, sys, types, django
os.environ["DJANGO_SETTINGS_MODULE"] = "qamqor.settings"
django.setup()
from django.db import connection, transaction
from qamqor.core import codes
from qamqor.people.models import Person
made = []
for round in range(int(os.environ["ROUNDS"])):
    objs = [types.SimpleNamespace(pk=None, code="") for _ in range(1 + round % 3)]
    def insert():
        codes.assign_codes(Person, objs, "default")
        with connection.cursor() as cursor:
            for obj in objs:
                cursor.execute("INSERT INTO people_person (id, code) VALUES (%s, %s)", [obj.pk, obj.code])
    if os.environ["IN_TRANSACTION"] == "1":
        with transaction.atomic():
            insert()
    else:
        insert()
    made += [obj.pk for obj in objs]
print(json.dumps(made))
"""


def test_concurrent_writers_on_sqlite_get_distinct_ids(tmp_path):
    """Separate processes on one SQLite file, some allocating inside a transaction and some
    not, starting from a table whose counter does not exist yet."""
    import sqlite3

    database = tmp_path / "qamqor.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute(
            "CREATE TABLE people_person (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT UNIQUE)"
        )
        setup.execute("CREATE TABLE core_codekey (id INTEGER PRIMARY KEY, key BLOB, created_at)")
        setup.execute("INSERT INTO core_codekey VALUES (1, randomblob(32), '2026-01-01')")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "a-random-enough-secret-key-for-this-test-0123456789",
        "QAMQOR_DATA_DIR": str(tmp_path),
        "ROUNDS": "30",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER],
            env={**env, "IN_TRANSACTION": str(index % 2)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(4)
    ]
    results = [writer.communicate(timeout=120) for writer in writers]

    assert [writer.returncode for writer in writers] == [0] * 4, [err for _out, err in results]
    ids = [row_id for out, _err in results for row_id in json.loads(out)]
    assert len(ids) == len(set(ids)) == 4 * sum(1 + round % 3 for round in range(30))
    with sqlite3.connect(database) as check:
        rows = check.execute("SELECT id, code FROM people_person").fetchall()
        key = check.execute("SELECT key FROM core_codekey").fetchone()[0]
    assert sorted(row_id for row_id, _code in rows) == sorted(ids)
    assert all(code == codes.code_for("P", row_id, key) for row_id, code in rows)

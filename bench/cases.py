"""How fast the case screens answer with a national-scale number of persons and cases.

Fills a database (DATABASE_URL; PostgreSQL for meaningful figures) with synthetic persons
(name tokens included), intakes and cases spread over regions and organisations, then times
the screens a case worker and a supervisor use, through the Django test client, and prints
a Markdown table (median and 90th percentile of repeated requests).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qamqor_bench \\
        .venv/bin/python bench/cases.py --persons 200000 --repeat 20

The database must be migrated and loaded (`qamqor migrate`, `qamqor load_catalog`); the
synthetic rows are added once (a second run reuses them).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from qamqor.accounts.models import Membership, Organisation, User  # noqa: E402
from qamqor.cases.models import RISK_RANK, Case, Intake  # noqa: E402
from qamqor.catalog.models import AtRiskGroup, Region  # noqa: E402
from qamqor.core.access import Role  # noqa: E402
from qamqor.people.models import Person, PersonNameToken  # noqa: E402
from qamqor.people.names import name_tokens  # noqa: E402

ORGANISATIONS = 40
WORKERS = 25  # case workers per organisation, leading its cases in turn
BATCH = 5000
GIVEN = ["Нұрлан", "Nurlan", "Айгерім", "Aigerim", "Ерлан", "Дана", "Мадина", "Арман", "Тимур",
         "Сергей", "Ольга", "Жанна", "Азамат", "Асель", "Бауыржан", "Камила", "Данияр"]  # fmt: skip
FAMILY = ["Сейітов", "Ахметов", "Омаров", "Kasymov", "Иванов", "Ким", "Абдуллаев", "Бекова",
          "Серікова", "Петрова", "Tursunov", "Жақсылықов", "Исаков", "Нұрпейісов"]  # fmt: skip


def _organisations(regions):
    found = list(Organisation.objects.filter(code__startswith="bench-"))
    for index in range(len(found), ORGANISATIONS):
        organisation = Organisation.objects.create(
            code=f"bench-{index}",
            name_kk=f"Бенч {index}",
            name_ru=f"Бенч {index}",
            kind="ngo",
            region=regions[index % len(regions)],
            is_provider=True,
        )
        found.append(organisation)
    return found


def _staff(organisation, role, number=0):
    user, _created = User.objects.get_or_create(username=f"{organisation.code}-{role}-{number}")
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def fill(persons: int, rng: random.Random) -> None:
    regions = list(Region.objects.in_force())
    groups = list(AtRiskGroup.objects.all())
    organisations = _organisations(regions)
    have = Person.objects.filter(registered_by__code__startswith="bench-").count()
    print(f"persons present: {have}; adding {max(persons - have, 0)}", file=sys.stderr)
    workers = {
        org.pk: [_staff(org, Role.CASEWORKER, number) for number in range(WORKERS)]
        for org in organisations
    }
    statuses = ["intake", "assessment", "eligibility", "active", "active", "active", "closed"]
    now = timezone.now()
    while have < persons:
        size = min(BATCH, persons - have)
        with transaction.atomic():
            batch = []
            for _ in range(size):
                organisation = rng.choice(organisations)
                batch.append(
                    Person(  # id and code given by bulk_create (qamqor.core.codes)
                        registered_by=organisation,
                        given_name=rng.choice(GIVEN),
                        family_name=rng.choice(FAMILY),
                        birth_year=rng.randint(1940, 2020),
                        region=rng.choice(regions),
                    )
                )
            Person.objects.bulk_create(batch)
            PersonNameToken.objects.bulk_create(
                [
                    PersonNameToken(person=person, token=token)
                    for person in batch
                    for token in name_tokens(person.given_name, person.family_name)
                ]
            )
            intakes = Intake.objects.bulk_create(
                [
                    Intake(
                        organisation=person.registered_by,
                        channel="walk_in",
                        region=person.region,
                        person=person,
                        recorded_by=workers[person.registered_by_id][0],
                        immediate_risk=rng.choice(["none", "none", "low", "medium", "high"]),
                        received_at=now - timezone.timedelta(days=rng.randint(0, 3000)),
                    )
                    for person in batch
                ]
            )
            cases = Case.objects.bulk_create(
                [
                    Case(
                        person=intake.person,
                        organisation_id=intake.organisation_id,
                        intake=intake,
                        lead_worker=rng.choice(workers[intake.organisation_id]),
                        risk_rank=RISK_RANK[intake.immediate_risk],
                        region_id=intake.region_id,
                        status=rng.choice(statuses),
                        restricted=rng.random() < 0.3,
                        opened_at=intake.received_at,
                    )
                    for intake in intakes
                ]
            )
            Case.groups.through.objects.bulk_create(
                [
                    Case.groups.through(case_id=case.pk, atriskgroup_id=rng.choice(groups).pk)
                    for case in cases
                ]
            )
        have += size
        print(f"  {have}", file=sys.stderr)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def _time(client: Client, method: str, url: str, data: dict | None, repeat: int):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = getattr(client, method)(url, data or {})
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def measure(repeat: int) -> list[tuple[str, float, float]]:
    organisation = Organisation.objects.get(code="bench-0")
    worker = _staff(organisation, Role.CASEWORKER)
    supervisor = _staff(organisation, Role.SUPERVISOR)
    case = Case.objects.filter(organisation=organisation).order_by("-pk").first()
    rows = []
    for who, user in (("case worker", worker), ("supervisor", supervisor)):
        client = Client()
        client.force_login(user)
        screens = [
            ("home page", "get", "/", None),
            ("case list, first page", "get", "/cases/", None),
            ("case list, active in a region", "get", "/cases/",
             {"status": "active", "region": case.region_id}),
            ("case page", "get", f"/cases/{case.code}/", None),
            ("person search by name (POST)", "post", "/persons/search/", {"name": "Нурлан Сеитов"}),
            ("API case list, 50 rows", "get", "/api/v1/cases/", {"page_size": 50}),
        ]  # fmt: skip
        for name, method, url, data in screens:
            median, p90 = _time(client, method, url, data, repeat)
            rows.append((f"{name} — {who}", median, p90))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(7)  # noqa: S311 - synthetic data
    fill(args.persons, rng)
    counts = (Person.objects.count(), Case.objects.count(), PersonNameToken.objects.count())
    rows = measure(args.repeat)
    print(f"Database: {connection.vendor}; persons {counts[0]:,}, cases {counts[1]:,}, "
          f"name tokens {counts[2]:,}; {args.repeat} requests each.\n")  # fmt: skip
    print("| screen | median ms | p90 ms |\n| --- | ---: | ---: |")
    for name, median, p90 in rows:
        print(f"| {name} | {median:.0f} | {p90:.0f} |")


if __name__ == "__main__":
    main()

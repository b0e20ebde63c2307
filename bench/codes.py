"""How long bulk-creating persons takes now that codes come from the row id (qamqor.core.codes:
ids taken from the table's sequence, a keyed permutation, one clash query per batch).

The script only uses `Person.objects.bulk_create`, so run unchanged on an older commit it
measures what came before (random codes drawn as the field default):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qamqor_bench \\
        .venv/bin/python bench/codes.py --persons 100000 --repeat 3

The database must be migrated and loaded (`qamqor migrate`, `qamqor load_catalog`). Persons
are created in batches of 5,000, one transaction each (as bench/cases.py fills), under an
organisation of their own; each run adds to the persons of the previous ones (the clash check
looks them up), and all are deleted at the end.
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

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from qamqor.accounts.models import Organisation  # noqa: E402
from qamqor.catalog.models import Region  # noqa: E402
from qamqor.people.models import Person  # noqa: E402

BATCH = 5000


def _fill(organisation: Organisation, regions: list[Region], persons: int) -> float:
    rng = random.Random(persons)  # noqa: S311 - synthetic data
    start = time.perf_counter()
    for offset in range(0, persons, BATCH):
        with transaction.atomic():
            Person.objects.bulk_create(
                [
                    Person(
                        registered_by=organisation,
                        given_name=f"Bench {offset + index}",
                        family_name="Codes",
                        birth_year=rng.randint(1940, 2020),
                        region=rng.choice(regions),
                    )
                    for index in range(min(BATCH, persons - offset))
                ]
            )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    regions = list(Region.objects.all())
    organisation, _created = Organisation.objects.get_or_create(
        code="bench-codes",
        defaults={
            "name_kk": "Бенч кодтар",
            "name_ru": "Бенч коды",
            "name_en": "Bench codes",
            "kind": "ngo",
            "region": regions[0],
        },
    )
    created = Person.objects.filter(registered_by=organisation)
    created._raw_delete(created.db)  # left by an interrupted run; nothing refers to them
    runs = []
    for _ in range(args.repeat):  # each run adds to the rows of the previous ones
        runs.append(_fill(organisation, regions, args.persons))
    if created.values("code").distinct().count() != args.persons * args.repeat:
        raise SystemExit("the codes are not all distinct")
    created._raw_delete(created.db)
    print(
        f"{connection.vendor}: {args.persons:,} persons in batches of {BATCH:,}: "
        f"median {statistics.median(runs):.2f} s over {args.repeat} runs "
        f"({', '.join(f'{run:.2f}' for run in runs)}; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()

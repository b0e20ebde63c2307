"""What the one way in to a case and a person costs: the access functions against the bare
lookup of the same row by key, and against the lookup they replaced.

Before issue 8 a case was found through the policy as `id IN (SELECT id … every case the
user may reach)`, which makes the database collect the organisation's cases for one row.
`qamqor.cases.access.find_case` looks the row up by its code and evaluates the policy's
condition on that one row, in the same query. Fills (or reuses) the database of
bench/cases.py, then times, in the same run on the same database:

- the floors: the row by code in raw SQL and through the ORM;
- the old policy lookup (rebuilt here from `core.access.scope`, as the code did before);
- `find_case` and `find_person` for a case worker (restricted cases need the lead or an
  assignment) and a supervisor;
- the case page through the test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qamqor_bench \\
        .venv/bin/python bench/lookup.py --persons 1000000 --repeat 200

Prints a Markdown table and writes the figures under "lookup" in bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402

from bench.cases import _staff, fill  # noqa: E402 (sets Django up)
from qamqor.accounts.models import Organisation  # noqa: E402
from qamqor.cases.access import find_case  # noqa: E402
from qamqor.cases.models import Case  # noqa: E402
from qamqor.core import access  # noqa: E402
from qamqor.core.access import Action, Role  # noqa: E402
from qamqor.people.access import find_person  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"


def _old_lookup(user, code):
    """The policy lookup as it was before issue 8 (cases.selectors.get_case)."""
    seen = access.scope(user, Action.VIEW_CASE, Case.objects.all()).values("pk")
    referred = access.scope(user, Action.VIEW_REFERRED_CASE, Case.objects.all()).values("pk")
    return Case.objects.filter(Q(pk__in=seen) | Q(pk__in=referred)).filter(code=code).first()


def _raw(code):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE code = %s", [code])
        return cursor.fetchone()


def _time(run, repeat: int) -> tuple[float, float]:
    run()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = run()
        samples.append((time.perf_counter() - start) * 1000)
        if found is None:
            raise SystemExit("not found")
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.9) - 1, 0)]


def _page(client, url):
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    return run


def measure(repeat: int) -> list[tuple[str, float, float]]:
    organisation = Organisation.objects.get(code="bench-0")
    worker = _staff(organisation, Role.CASEWORKER)  # the lead of every 25th case
    supervisor = _staff(organisation, Role.SUPERVISOR)
    case = (
        Case.objects.filter(organisation=organisation, lead_worker=worker, restricted=True)
        .order_by("-pk")
        .first()
    )
    code, person_code = case.code, case.person.code
    rows = [
        ("case by code, raw SQL (floor)", *_time(lambda: _raw(code), repeat)),
        (
            "case by code, ORM (floor)",
            *_time(lambda: Case.objects.filter(code=code).first(), repeat),
        ),
    ]
    for who, user in (("case worker", worker), ("supervisor", supervisor)):
        rows += [
            (f"old policy lookup (id IN all reachable) — {who}",
             *_time(lambda user=user: _old_lookup(user, code), repeat)),
            (f"find_case — {who}", *_time(lambda user=user: find_case(user, code), repeat)),
            (f"find_person — {who}",
             *_time(lambda user=user: find_person(user, person_code), repeat)),
        ]  # fmt: skip
        client = Client()
        client.force_login(user)
        pages = max(repeat // 10, 10)
        rows.append((f"case page — {who}", *_time(_page(client, f"/cases/{code}/"), pages)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    fill(args.persons, random.Random(7))  # noqa: S311 - synthetic data
    in_org = Case.objects.filter(organisation__code="bench-0").count()
    rows = measure(args.repeat)
    total = Case.objects.count()
    print(f"Database: {connection.vendor}; cases {total:,} ({in_org:,} in the organisation).\n")
    print("| lookup | median ms | p90 ms |\n| --- | ---: | ---: |")
    for name, median, p90 in rows:
        print(f"| {name} | {median:.2f} | {p90:.2f} |")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["lookup"] = {
        "database": connection.vendor,
        "cases": total,
        "cases_in_organisation": in_org,
        "rows": {name: {"median_ms": round(m, 2), "p90_ms": round(p, 2)} for name, m, p in rows},
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""What the tamper-evident access log costs at national scale: sealing, verifying, and a log
write with the chain in place.

Creates its own PostgreSQL database (--database, default qamqor_bench_audit, on the server of
--server), migrates it, fills it with synthetic access log entries in bulk inserts (INSERT …
SELECT over generate_series, spread over 1,000 users and the last 30 days), then measures:

- `log.record()` (one entry, as a page view writes it) and `log.record_many()` (50 entries, as
  a list page writes them): median over --calls calls, before the chain exists, with the whole
  log sealed, and while `qamqor seal_access_log` chains a backlog in its own process;
- sealing the whole log (`chain.seal`, as `qamqor seal_access_log` does), in entries/s, and
  one scheduled run with a minute's backlog;
- `qamqor verify_access_log` over the whole log, in entries/s.

It prints a Markdown section and a JSON object (merged as the "access_log" key into --json,
e.g. bench/results.json) and drops the database at the end (unless --keep).

    .venv/bin/python bench/access_log.py --entries 1000000 --calls 2000 --json bench/results.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 100_000


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="qamqor_bench_audit")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def _admin(server: str, statement: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(statement)


ARGS = _arguments()
_admin(ARGS.server, f'DROP DATABASE IF EXISTS "{ARGS.database}"')
_admin(ARGS.server, f'CREATE DATABASE "{ARGS.database}"')
os.environ["DATABASE_URL"] = f"{ARGS.server}/{ARGS.database}"
os.environ.pop("DATABASE_APP_ROLE", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "s3cr3t-" * 6)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from qamqor.accounts.models import Organisation, User  # noqa: E402
from qamqor.audit import chain, log  # noqa: E402
from qamqor.audit.models import AccessLogEntry, AccessLogLink  # noqa: E402

ACTIONS = ["view"] * 6 + ["list"] * 3 + ["search", "change", "create", "export"]
TYPES = ["cases.case", "people.person", "cases.intake", "protection.hotlinecall"]
MINUTE = dt.timedelta(minutes=1)


FILL = """
INSERT INTO audit_accesslogentry
    (at, user_id, action, record_type, record_id, record_code, case_id, ip_address, channel)
SELECT %(start)s::timestamptz + %(step)s::interval * n,
       (%(users)s::bigint[])[1 + n %% array_length(%(users)s::bigint[], 1)],
       (%(actions)s::text[])[1 + (n * 7) %% array_length(%(actions)s::text[], 1)],
       (%(types)s::text[])[1 + (n * 13) %% array_length(%(types)s::text[], 1)],
       1 + (n * 7919) %% 1000000,
       upper(substr(md5(n::text), 1, 10)),
       CASE WHEN n %% 3 = 0 THEN NULL ELSE 1 + (n * 31) %% 1000000 END,
       ('10.' || n %% 256 || '.' || (n / 256) %% 256 || '.' || 1 + n %% 250)::inet,
       CASE WHEN n %% 2 = 0 THEN 'web' ELSE 'api' END
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
"""


def fill(count: int, users: list[User], *, start, span) -> float:
    """`count` entries evenly over `span` from `start`, in bulk INSERT … SELECT statements of
    100,000 rows; returns seconds."""
    began = time.perf_counter()
    params = {
        "start": start,
        "step": span / max(count, 1),
        "users": [user.pk for user in users],
        "actions": ACTIONS,
        "types": TYPES,
    }
    with connection.cursor() as cursor:
        for first in range(0, count, BATCH):
            last = min(first + BATCH, count) - 1
            cursor.execute(FILL, {**params, "first": first, "last": last})
            print(f"  {last + 1:,} entries", file=sys.stderr)
    return time.perf_counter() - began


def writes(user: User, record, calls: int) -> dict[str, float]:
    """Median and p90 ms of record() and of record_many() with 50 records."""
    one, fifty = [], []
    for _ in range(calls):
        began = time.perf_counter()
        log.record(user, log.Action.VIEW, record)
        one.append((time.perf_counter() - began) * 1000)
    for _ in range(max(calls // 10, 20)):
        began = time.perf_counter()
        log.record_many(user, log.Action.LIST, [record] * 50)
        fifty.append((time.perf_counter() - began) * 1000)
    one.sort()
    fifty.sort()
    return {
        "record_median_ms": round(statistics.median(one), 3),
        "record_p90_ms": round(one[int(len(one) * 0.9) - 1], 3),
        "record_many_50_median_ms": round(statistics.median(fifty), 3),
    }


def verify() -> tuple[str, float]:
    out = StringIO()
    began = time.perf_counter()
    call_command("verify_access_log", stdout=out)
    return out.getvalue().strip(), time.perf_counter() - began


def main() -> None:
    call_command("migrate", verbosity=0)
    users = User.objects.bulk_create([User(username=f"bench-{n}") for n in range(1000)])
    record = Organisation(pk=1, code="BENCH")  # what is logged: type, id, code
    start = timezone.now() - dt.timedelta(days=31)
    filled = fill(ARGS.entries, users, start=start, span=dt.timedelta(days=30))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_accesslogentry")
    print(f"filled {ARGS.entries:,} entries in {filled:.0f} s", file=sys.stderr)

    before = writes(users[0], record, ARGS.calls)
    print(f"writes before the chain: {before}", file=sys.stderr)

    began = time.perf_counter()
    sealed = chain.seal(grace=0)
    sealing = time.perf_counter() - began
    print(f"sealed {sealed:,} in {sealing:.1f} s", file=sys.stderr)

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_accesslogentry, audit_accessloglink")
    after = writes(users[0], record, ARGS.calls)
    print(f"writes with the log sealed: {after}", file=sys.stderr)

    # A minute's backlog at 100 entries/s, sealed by one scheduled run.
    fill(6000, users, start=timezone.now() - dt.timedelta(minutes=3), span=MINUTE)
    began = time.perf_counter()
    minute = chain.seal(grace=0)
    minute_ms = (time.perf_counter() - began) * 1000

    # Writes while `qamqor seal_access_log` chains a backlog of 200,000 entries in its own
    # process (as scheduled in production).
    fill(200_000, users, start=timezone.now() - dt.timedelta(minutes=2), span=MINUTE)
    sealer = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "qamqor.cli", "seal_access_log", "--grace", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1)  # let it start reading
    during = writes(users[0], record, min(ARGS.calls, 1000))
    still_sealing = sealer.poll() is None
    during_sealed = sealer.communicate()[0].strip()
    print(f"writes while sealing: {during} ({during_sealed}; still running at the end: "
          f"{still_sealing})", file=sys.stderr)  # fmt: skip

    total = AccessLogEntry.objects.count()
    verdict, verifying = verify()
    links = AccessLogLink.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('audit_accesslogentry'),"
            " pg_total_relation_size('audit_accessloglink')"
        )
        entry_bytes, link_bytes = cursor.fetchone()
    figures = {
        "date": timezone.now().date().isoformat(),
        "database": f"PostgreSQL {connection.pg_version // 10000}",
        "entries_filled": ARGS.entries,
        "fill_s": round(filled, 1),
        "sealed": sealed,
        "seal_s": round(sealing, 1),
        "seal_entries_per_s": round(sealed / sealing),
        "seal_one_minute_backlog": {"entries": minute, "ms": round(minute_ms)},
        "verify": verdict,
        "verify_s": round(verifying, 1),
        "verify_entries_per_s": round(links / verifying),
        "entries_at_verify": total,
        "write_before_chain": before,
        "write_with_log_sealed": after,
        "write_while_sealing": {
            **during,
            "sealer": during_sealed,
            "sealer_still_running_at_the_end": still_sealing,
        },
        "calls": ARGS.calls,
        "table_mb": {"entries": round(entry_bytes / 2**20), "links": round(link_bytes / 2**20)},
    }
    _report(figures)
    if ARGS.json:
        results = json.loads(ARGS.json.read_text()) if ARGS.json.exists() else {}
        results["access_log"] = figures
        ARGS.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def _report(f: dict) -> None:
    print(json.dumps(f, indent=2))
    rows = [
        ("before the chain exists", f["write_before_chain"]),
        ("with the whole log sealed", f["write_with_log_sealed"]),
        ("while `seal_access_log` chains 200,000 entries", f["write_while_sealing"]),
    ]
    print(f"\n{f['database']}; {f['entries_filled']:,} entries filled in {f['fill_s']} s.\n")
    print("| step | time | rate |\n| --- | ---: | ---: |")
    print(f"| seal the whole log ({f['sealed']:,} entries) | {f['seal_s']} s "
          f"| {f['seal_entries_per_s']:,} entries/s |")  # fmt: skip
    backlog = f["seal_one_minute_backlog"]
    print(f"| seal one minute's backlog ({backlog['entries']:,} entries) | {backlog['ms']} ms | |")
    print(f"| `verify_access_log` over {f['entries_at_verify']:,} entries → `{f['verify']}` "
          f"| {f['verify_s']} s | {f['verify_entries_per_s']:,} entries/s |")  # fmt: skip
    print("\n| log write | record() median ms | p90 ms | record_many(50) median ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, w in rows:
        print(f"| {name} | {w['record_median_ms']} | {w['record_p90_ms']} "
              f"| {w['record_many_50_median_ms']} |")  # fmt: skip


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if not ARGS.keep:
            _admin(ARGS.server, f'DROP DATABASE IF EXISTS "{ARGS.database}"')

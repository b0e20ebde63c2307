"""Helpers of the access log chain tests: entries old enough to be sealed, the three commands
as the console runs them, and changes made behind the ORM's back as the database owner would."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from qamqor.audit.models import AccessLogEntry

ENTRIES = "audit_accesslogentry"
LINKS = "audit_accessloglink"


def entries(user, count: int, *, age=dt.timedelta(minutes=5), start: int = 1, **fields):
    """`count` entries written `age` ago (in id order), in one bulk insert."""
    at = timezone.now() - age
    return AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                user=user,
                action="view",
                record_type="cases.case",
                record_id=number,
                record_code=f"C{number:07d}",
                case_id=number,
                ip_address=f"10.0.0.{number % 250}",
                channel="api" if number % 2 else "web",
                at=at + dt.timedelta(microseconds=number),
                **fields,
            )
            for number in range(start, start + count)
        ]
    )


def run(command: str, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a `qamqor` command."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def tamper(table: str, sql: str, params=()) -> None:
    """Run `sql` on `table` as its owner: on PostgreSQL with the append-only trigger disabled
    around it (inside the test's transaction, so it comes back when the test ends)."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # ALTER TABLE refuses while the test's deferred foreign-key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if postgres:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def links() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_id, hash FROM audit_accessloglink ORDER BY entry_id")
        return [tuple(row) for row in cursor.fetchall()]

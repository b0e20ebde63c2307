"""The hash chain that makes the access log tamper-evident.

Design. Writing to the log stays one plain INSERT (`log.record`, `log.record_many`): reads
happen on every page, so nothing here adds a lock or a round trip to them. A separate
*sealing step* (`qamqor seal_access_log`, scheduled every minute) chains the entries in id
order into `AccessLogLink`, one row per entry, keyed by the entry's id:

    link(e) = SHA-256(link(entry before e) || canonical(e)),  link(before the first) = 32 zero bytes

stored as 64 hex digits. canonical(e) is the UTF-8 of the compact JSON array
`[id, at, user_id, action, record_type, record_id, record_code, case_id, ip_address, channel]`
with `at` in UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ` and null for an empty optional field, so
that no two different entries share their bytes. One link per entry (rather than one seal per
batch) lets the verifier name the first broken entry, and a link is itself append-only
(ORM refusals, PostgreSQL trigger, no UPDATE/DELETE/TRUNCATE right for the app's role).

Grace period. Ids are handed out when a transaction inserts, not when it commits: a lower id
can become visible after a higher one. Only entries older than ACCESS_LOG_SEAL_GRACE_SECONDS
(`at`, default 60 s) are sealed, and only the leading run of them in id order: sealing stops
at the first entry still in its grace period. An entry that shows up below the sealed head
later (a transaction longer than the grace period, or a forged INSERT with an explicit id) is
reported as "inserted out of order".

Concurrency. Each batch is one transaction that takes `pg_advisory_xact_lock` on PostgreSQL
(SQLite's IMMEDIATE transactions already serialise writers) and reads the head inside it, so
two sealers running at once take turns and never fork the chain; the link's primary key
refuses a second link for an entry in any case. Sealing what is sealed does nothing.

Verification streams entries and links in id order, each in keyset pages (bounded memory,
in one REPEATABLE READ snapshot on PostgreSQL), and merges them. The first problem wins:
- "deleted": a link whose entry is gone;
- "inserted out of order": an entry without a link below the sealed head (or whose link was
  deleted);
- "changed": the entry no longer hashes to its link (its fields were changed, or an entry
  before it was removed together with its link);
- "link changed": the entry is intact, the next link still chains from it, but its own link
  was rewritten.
Entries above the head are not sealed yet and not counted.

What it cannot see alone: the database owner may rewrite the whole chain from the changed
entry on. The head exported as one dated line (`qamqor access_log_head`) and kept outside the
database (e-mail, paper, another system) catches that: `verify_access_log --head LINE` fails
unless the chain still holds that hash at that id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from qamqor.audit.models import AccessLogEntry, AccessLogLink

GENESIS = bytes(32)
BATCH = 5000
PAGE = 10000
_LOCK_KEY = 0x51414D4C  # "QAML"; the catalog loader holds "QAMQ"
FIELDS = (
    "id",
    "at",
    "user_id",
    "action",
    "record_type",
    "record_id",
    "record_code",
    "case_id",
    "ip_address",
    "channel",
)
_INSERT_LINKS = "INSERT INTO audit_accessloglink (entry_id, hash) VALUES "
_INSERT_LINKS_FROM_ARRAYS = (
    "INSERT INTO audit_accessloglink (entry_id, hash)"
    " SELECT * FROM unnest(%s::bigint[], %s::varchar[])"
)
HEAD = re.compile(r"(?:^|\s)id=(\d+)\s+sha256=([0-9a-f]{64})(?:\s|$)")


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical(row: tuple) -> bytes:
    """The bytes hashed for one entry, from its FIELDS in that order."""
    entry_id, at, user_id, action, record_type, record_id, code, case_id, ip, channel = row
    if at.utcoffset():
        at = at.astimezone(dt.UTC)
    stamp = at.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    values = [entry_id, stamp, user_id, action, record_type, record_id, code or None]
    values += [case_id, str(ip) if ip else None, channel]
    return _json(values).encode()


def link_hash(previous: bytes, row: tuple) -> bytes:
    return hashlib.sha256(previous + canonical(row)).digest()


# Sealing


def seal(*, grace: int | None = None, batch: int = BATCH) -> int:
    """Chain every entry that is due; returns how many were sealed."""
    seconds = settings.ACCESS_LOG_SEAL_GRACE_SECONDS if grace is None else grace
    cutoff = timezone.now() - dt.timedelta(seconds=seconds)
    sealed = 0
    while True:
        count, more = _seal_batch(cutoff, batch)
        sealed += count
        if not more:
            return sealed


def _head() -> tuple[int, str] | None:
    return AccessLogLink.objects.order_by("-entry_id").values_list("entry_id", "hash").first()


def _seal_batch(cutoff: dt.datetime, size: int) -> tuple[int, bool]:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        head = _head()
        head_id, previous = (head[0], bytes.fromhex(head[1])) if head else (None, GENESIS)
        entries = AccessLogEntry.objects.order_by("id")
        if head_id is not None:
            entries = entries.filter(id__gt=head_id)
        rows = list(entries.values_list(*FIELDS)[:size])
        links = []
        for row in rows:
            if row[1] > cutoff:
                break
            previous = link_hash(previous, row)
            links.append((row[0], previous.hex()))
        _insert_links(links)
    return len(links), len(links) == size


def _insert_links(links: list[tuple[int, str]]) -> None:
    """One INSERT from two arrays on PostgreSQL, multi-row INSERTs of 1,000 on SQLite (no model
    instances to build: the sealer spends its time hashing and reading)."""
    if not links:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, hashes = zip(*links, strict=True)
            cursor.execute(_INSERT_LINKS_FROM_ARRAYS, [list(ids), list(hashes)])
            return
        for start in range(0, len(links), 1000):
            chunk = links[start : start + 1000]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(_INSERT_LINKS + values, [value for link in chunk for value in link])


# Verifying


@dataclass(frozen=True)
class Verdict:
    verified: int
    broken_id: int | None = None
    reason: str = ""
    unsealed: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    def line(self) -> str:
        if self.ok:
            return f"ok {self.verified}"
        return f"first broken link: id={self.broken_id} ({self.reason})"


def parse_head(line: str) -> tuple[int, str]:
    """(id, hex hash) from a line printed by `qamqor access_log_head`."""
    found = HEAD.search(line.strip().lower())
    if not found:
        raise ValueError(f"not a head line (expected 'id=N sha256=<64 hex digits>'): {line!r}")
    return int(found.group(1)), found.group(2)


def head_line(now: dt.datetime | None = None) -> str:
    """The current chain head as one dated line, to keep outside the database."""
    entry_id, digest = _head() or (0, GENESIS.hex())
    stamp = (now or timezone.now()).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{stamp} id={entry_id} sha256={digest}"


def verify(heads: dict[int, str] | None = None, *, page: int = PAGE) -> Verdict:
    """Check the whole chain (and that it still holds each of `heads`, id → hex hash)."""
    with _snapshot():
        entries = _pages(AccessLogEntry.objects.all(), "id", FIELDS, page)
        links = _pages(AccessLogLink.objects.all(), "entry_id", ("entry_id", "hash"), page)
        return _check(entries, links, dict(heads or {}))


@contextmanager
def _snapshot():
    """One consistent view of both tables on PostgreSQL while the sealer and the app write.
    (On SQLite a transaction would take the write lock: each page reads on its own.)"""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _pages(queryset, key: str, fields: tuple[str, ...], size: int) -> Iterator[tuple]:
    """Rows in `key` order, `size` at a time (keyset paging: no offset, bounded memory)."""
    last = None
    while True:
        rows = queryset.order_by(key)
        if last is not None:
            rows = rows.filter(**{f"{key}__gt": last})
        rows = list(rows.values_list(*fields)[:size])
        yield from rows
        if len(rows) < size:
            return
        last = rows[-1][0]


def _check(entries: Iterator[tuple], links: Iterator[tuple], heads: dict[int, str]) -> Verdict:
    heads.pop(0, None)  # the head of an empty chain
    previous, verified = GENESIS, 0
    entry, link = next(entries, None), next(links, None)
    while link is not None:
        if entry is None or link[0] < entry[0]:
            return Verdict(verified, link[0], "deleted")
        if entry[0] < link[0]:
            return Verdict(verified, entry[0], "inserted out of order")
        digest = link_hash(previous, entry)
        next_entry, next_link = next(entries, None), next(links, None)
        if digest.hex() != link[1]:
            return Verdict(verified, entry[0], _what_changed(digest, next_entry, next_link))
        kept = heads.pop(entry[0], None)
        if kept is not None and kept != link[1]:
            return Verdict(verified, entry[0], "differs from the head kept elsewhere")
        previous, verified = digest, verified + 1
        entry, link = next_entry, next_link
    if heads:
        return Verdict(verified, min(heads), "missing: the head kept elsewhere names it")
    unsealed = 0 if entry is None else 1 + sum(1 for _ in entries)
    return Verdict(verified, unsealed=unsealed)


def _what_changed(digest: bytes, next_entry: tuple | None, next_link: tuple | None) -> str:
    """The entry still hashes to what the next link was built on: its own link was rewritten."""
    if (
        next_entry is not None
        and next_link is not None
        and next_entry[0] == next_link[0]
        and link_hash(digest, next_entry).hex() == next_link[1]
    ):
        return "link changed"
    return "changed"

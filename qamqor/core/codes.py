"""Pseudonymous codes (`P-XXXX-XXXX` for persons, `C-XXXX-XXXX` for cases) that cannot collide.

Codes are the only identifiers in URLs, logs and exports. One is the row's id put through a
keyed permutation of the 40-bit numbers (eight symbols of Crockford's base32: 32^8 = 2^40)
and written in that alphabet after its prefix.

- Unique by construction. A permutation maps distinct ids to distinct codes, and the
  database hands out distinct ids: PostgreSQL from the table's identity sequence (`nextval`,
  many at once over `generate_series`), SQLite from the table's AUTOINCREMENT counter in
  `sqlite_sequence`, raised by one `UPDATE … RETURNING` under SQLite's single write lock. The
  id is taken *before* the insert, so the row goes in with its id and code in one statement,
  on every path: `save()`/`objects.create()` (CodedModel.save) and `bulk_create`
  (CodedQuerySet). Ids the sequence gives out are never given again, so concurrent writers
  cannot draw the same one.
- Random-looking. The permutation is an 8-round Feistel network over two 20-bit halves; its
  round function is BLAKE2b keyed with a 32-byte secret made once per database by a
  migration (`core.CodeKey`) and personalised by the prefix. Consecutive ids give unrelated
  codes, a person's and a case's code of the same id are unrelated, and without the key a code
  tells nothing of the id, the order of creation or the number of rows.
- Old codes. Rows made before this change have random codes in the same space. A new code
  equal to one of them is looked up before the insert (one indexed query per save, one per
  bulk batch) and its id is skipped: another is taken from the sequence. At a million old
  codes that happens about once per million new rows.

The key must not change (see CodeKey). A data migration using the historical models
(`apps.get_model`) does not get CodedModel.save or CodedQuerySet: it must give new rows their
ids and codes itself (`assign_codes(Person, objs, using)` fills them in on any objects); an
empty code is refused by a check constraint rather than stored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from collections.abc import Iterable
from typing import ClassVar

from django.db import connections, models, router, transaction

from qamqor.core.models import CodeKey

# Crockford's base32 without look-alikes (no I, L, O, U).
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SYMBOLS = 8
SPACE = len(CODE_ALPHABET) ** SYMBOLS  # 2**40 codes per prefix
HALF_BITS = 20
HALF_MASK = (1 << HALF_BITS) - 1
ROUNDS = 8
KEY_BYTES = 32


# The permutation


class Permutation:
    """A keyed bijection of [0, 2^40): a balanced Feistel network with a BLAKE2b round key."""

    def __init__(self, key: bytes, prefix: str) -> None:
        self._keyed = hashlib.blake2b(
            key=key, person=f"qamqor-code-{prefix}".encode(), digest_size=3
        )

    def _round(self, number: int, half: int) -> int:
        digest = self._keyed.copy()
        digest.update(bytes((number,)) + half.to_bytes(3, "big"))
        return int.from_bytes(digest.digest(), "big") & HALF_MASK

    def forward(self, value: int) -> int:
        if not 0 <= value < SPACE:
            raise ValueError(f"{value} is outside the code space")
        left, right = value >> HALF_BITS, value & HALF_MASK
        for number in range(ROUNDS):
            left, right = right, left ^ self._round(number, right)
        return (left << HALF_BITS) | right

    def inverse(self, value: int) -> int:
        if not 0 <= value < SPACE:
            raise ValueError(f"{value} is outside the code space")
        left, right = value >> HALF_BITS, value & HALF_MASK
        for number in reversed(range(ROUNDS)):
            left, right = right ^ self._round(number, left), left
        return (left << HALF_BITS) | right


@functools.lru_cache(maxsize=16)
def permutation(key: bytes, prefix: str) -> Permutation:
    return Permutation(key, prefix)


def encode(prefix: str, value: int) -> str:
    """`prefix-XXXX-XXXX`: the value's eight base32 symbols, most significant first."""
    symbols = []
    for _ in range(SYMBOLS):
        symbols.append(CODE_ALPHABET[value & 31])
        value >>= 5
    body = "".join(reversed(symbols))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def decode(code: str) -> tuple[str, int]:
    """The prefix and the value of a code; ValueError when it is not one."""
    prefix, _, body = code.partition("-")
    first, dash, second = body.partition("-")
    if not prefix or not dash or len(first) != 4 or len(second) != 4:
        raise ValueError(f"not a code: {code!r}")
    value = 0
    for symbol in first + second:
        position = CODE_ALPHABET.find(symbol)
        if position < 0:
            raise ValueError(f"not a code: {code!r}")
        value = value * 32 + position
    return prefix, value


# The key


_keys: dict[str, bytes] = {}


def code_key(using: str) -> bytes:
    """The database's code key (read once per process)."""
    if using not in _keys:
        row = CodeKey.objects.using(using).filter(pk=1).values_list("key", flat=True).first()
        if row is None:  # only a database emptied by flush (tests) lacks it: make one
            row = (
                CodeKey.objects.using(using)
                .get_or_create(pk=1, defaults={"key": secrets.token_bytes(KEY_BYTES)})[0]
                .key
            )
        _keys[using] = bytes(row)
    return _keys[using]


def code_for(prefix: str, row_id: int, key: bytes) -> str:
    return encode(prefix, permutation(key, prefix).forward(row_id))


# Ids from the database, before the insert


@functools.cache
def _sequence(using: str, table: str, column: str) -> str:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column]
        )
        return cursor.fetchone()[0]


def allocate_ids(model: type[models.Model], count: int, using: str) -> list[int]:
    """`count` ids of `model`'s table that no other writer can get, taken from its sequence."""
    connection = connections[using]
    table, column = model._meta.db_table, model._meta.pk.column
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [_sequence(using, table, column), count],
            )
            return [row[0] for row in cursor.fetchall()]
    if connection.vendor == "sqlite":
        # sqlite_sequence holds the largest id an AUTOINCREMENT table ever gave out; SQLite
        # never reuses or goes below it. Its row appears with the table's first insert.
        quote = connection.ops.quote_name
        create_counter = (  # names from the model's _meta
            "INSERT INTO sqlite_sequence (name, seq) "  # noqa: S608
            f"SELECT %s, (SELECT coalesce(max({quote(column)}), 0) FROM {quote(table)}) "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)"
        )
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(create_counter, [table, table])
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s RETURNING seq",
                [count, table],
            )
            last = cursor.fetchone()[0]
        return list(range(last - count + 1, last + 1))
    raise NotImplementedError(f"no id allocation for {connection.vendor}")


def _taken(model: type[models.Model], codes: list[str], using: str) -> set[str]:
    """Those of `codes` that rows already have (old random codes): one indexed query."""
    if not codes:
        return set()
    connection = connections[using]
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field("code").column)
    select = f"SELECT {column} FROM {table} WHERE {column}"  # noqa: S608 - names from _meta
    # The codes as one parameter, however many there are, looked up one by one in the index.
    if connection.vendor == "postgresql":
        sql, param = f"{select} IN (SELECT unnest(%s::varchar[]))", codes
    else:
        sql = f"{select} IN (SELECT value FROM json_each(%s))"  # noqa: S608
        param = json.dumps(codes)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return {row[0] for row in cursor.fetchall()}


def assign_codes(
    model: type[CodedModel], objs: Iterable[models.Model], using: str, reserved: Iterable[str] = ()
) -> None:
    """Give each object an id from the table's sequence and the code of that id, skipping ids
    whose code a row already has (or `reserved`, codes of the same batch given by hand)."""
    prefix = model.CODE_PREFIX
    forward = permutation(code_key(using), prefix).forward
    reserved = set(reserved)
    pending = list(objs)
    while pending:
        ids = allocate_ids(model, len(pending), using)
        codes = [encode(prefix, forward(row_id)) for row_id in ids]
        taken = _taken(model, codes, using) | (reserved & set(codes))
        clashing = []
        for obj, row_id, code in zip(pending, ids, codes, strict=True):
            if code in taken:
                clashing.append(obj)  # an old code: skip this id, take another
                continue
            obj.pk, obj.code = row_id, code
        pending = clashing


# The model side


class CodedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Objects without a pk or code get both before the insert (see assign_codes)."""
        objs = list(objs)
        self._for_write = True
        new = [obj for obj in objs if obj.pk is None and not obj.code]
        if not new:
            return super().bulk_create(objs, *args, **kwargs)
        given = [obj.code for obj in objs if obj.code]
        with transaction.atomic(using=self.db, savepoint=False):
            assign_codes(self.model, new, using=self.db, reserved=given)
            return super().bulk_create(objs, *args, **kwargs)


class CodedModel(models.Model):
    """A model with a unique `code` field given on insert from its id (`CODE_PREFIX`-…)."""

    CODE_PREFIX: ClassVar[str]

    objects = CodedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.pk is None and not self.code:
            using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
            assign_codes(type(self), [self], using=using)
            if not args:  # (positional arguments are deprecated by Django)
                kwargs["force_insert"] = True  # the pk is new: no UPDATE attempt first
        super().save(*args, **kwargs)

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        if not self.code:  # given on insert, unique by construction
            exclude = {*(exclude or ()), "code"}
        super().full_clean(
            exclude=exclude,
            validate_unique=validate_unique,
            validate_constraints=validate_constraints,
        )

"""Load the catalog data files into the database.

The files in catalog/data (listed with their version in manifest.toml) are the source of the
reference data. A load reads and checks every file first; if any row is malformed, it raises
CatalogError listing each file, line and reason, and changes nothing. Otherwise, in one
transaction, it creates new items, updates changed ones (their history keeps the old values),
reactivates items that came back and deactivates items no longer in their file. Loading the
same files again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from qamqor.catalog.models import (
    AtRiskGroup,
    CatalogLoad,
    RefusalReason,
    Region,
    ServiceType,
    Setting,
    Standard,
    TraffickingIndicator,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
MANIFEST = "manifest.toml"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class CatalogError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class BadValue(ValueError):
    """A cell that cannot be read; the message is the translated reason."""


# Cell readers: each takes the cell's text and returns the value for the model field.


def text(value: str) -> str:
    return value


def boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in {"yes", "true", "1"}:
        return True
    if lowered in {"no", "false", "0"}:
        return False
    raise BadValue(_("“%(value)s” is not yes or no.") % {"value": value})


def integer(minimum: int = 0, maximum: int | None = None) -> Callable[[str], int]:
    def read(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise BadValue(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if number < minimum or (maximum is not None and number > maximum):
            raise BadValue(
                _("%(value)s is out of range (%(minimum)s to %(maximum)s).")
                % {"value": number, "minimum": minimum, "maximum": maximum or "∞"}
            )
        return number

    return read


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadValue(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}) from None


def choice(choices: type[models.TextChoices]) -> Callable[[str], str]:
    def read(value: str) -> str:
        if value not in choices.values:
            raise BadValue(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices.values)}
            )
        return value

    return read


@dataclass(frozen=True)
class Reference:
    """A cell holding the code of an item of another catalog file, loaded before this one."""

    model: type[models.Model]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    read: Callable[[str], Any] | Reference = text
    required: bool = True


def _names() -> list[Column]:
    return [Column(f"name_{code}", f"name_{code}") for code in ("en", "ru", "kk")]


def _validity() -> list[Column]:
    return [
        Column("valid_from", "valid_from", date, required=False),
        Column("valid_to", "valid_to", date, required=False),
    ]


@dataclass(frozen=True)
class CatalogFile:
    name: str
    model: type[models.Model]
    columns: list[Column]
    code_header: str = "code"
    optional_headers: frozenset[str] = field(default_factory=frozenset)

    @property
    def headers(self) -> list[str]:
        return [self.code_header, *(column.header for column in self.columns)]


FILES = [
    CatalogFile(
        "regions.csv",
        Region,
        [
            Column("kind", "kind", choice(Region.Kind)),
            *_names(),
            *_validity(),
            Column("note", "note", text, required=False),
        ],
        code_header="iso_code",
    ),
    CatalogFile(
        "groups.csv",
        AtRiskGroup,
        [
            *_names(),
            Column("restricted", "restricted", boolean),
            Column("children", "children", boolean),
            Column("legal_basis", "legal_basis"),
            *_validity(),
        ],
    ),
    CatalogFile(
        "service_types.csv",
        ServiceType,
        [*_names(), Column("kind", "kind", choice(ServiceType.Kind))],
    ),
    CatalogFile("settings.csv", Setting, _names()),
    CatalogFile(
        "refusal_reasons.csv",
        RefusalReason,
        [*_names(), Column("documentation_related", "documentation_related", boolean)],
    ),
    CatalogFile(
        "trafficking_indicators.csv",
        TraffickingIndicator,
        [
            *_names(),
            Column("weight", "weight", integer(1, 10)),
            Column("category", "category", choice(TraffickingIndicator.Category)),
            Column("htcds_field", "htcds_field", text, required=False),
        ],
    ),
    CatalogFile(
        "standards.csv",
        Standard,
        [
            Column("group", "group", Reference(AtRiskGroup)),
            Column("service_type", "service_type", Reference(ServiceType)),
            Column("setting", "setting", Reference(Setting)),
            *_names(),
            Column("unit", "unit", choice(Standard.Unit)),
            Column("min_units", "min_units", integer()),
            Column("max_units", "max_units", integer()),
            Column("extendable", "extendable", boolean),
            Column("days_to_first_service", "days_to_first_service", integer()),
            Column("plan_review_days", "plan_review_days", integer(1)),
            Column("followup_days", "followup_days", integer(1)),
            Column("free_of_charge", "free_of_charge", boolean),
            Column("no_registration_required", "no_registration_required", boolean),
            Column("required_certification", "required_certification", Reference(ServiceType)),
            Column("staff_qualification_en", "staff_qualification_en"),
            Column("staff_qualification_ru", "staff_qualification_ru"),
            Column("staff_qualification_kk", "staff_qualification_kk"),
            Column("legal_basis", "legal_basis"),
            *_validity(),
        ],
    ),
]


@dataclass
class ParsedRow:
    line: int
    code: str
    values: dict[str, Any]
    references: dict[str, tuple[type[models.Model], str]]


@dataclass
class ParsedFile:
    spec: CatalogFile
    sha256: str
    rows: list[ParsedRow]


@dataclass
class FileReport:
    name: str
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deactivated)


@dataclass
class LoadReport:
    version: str
    files: list[FileReport]

    @property
    def changed(self) -> bool:
        return any(report.changed for report in self.files)


def read_version(directory: Path) -> str:
    path = directory / MANIFEST
    try:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError([Problem(MANIFEST, 1, str(error))]) from None
    version = manifest.get("version")
    if not isinstance(version, str) or not version:
        raise CatalogError([Problem(MANIFEST, 1, _("The manifest has no version."))])
    return version


def _parse_row(
    spec: CatalogFile, line: int, row: dict[str, str], problems: list[Problem]
) -> ParsedRow | None:
    count = len(problems)
    code = (row.get(spec.code_header) or "").strip()
    if not CODE_PATTERN.match(code):
        problems.append(
            Problem(spec.name, line, _("“%(code)s” is not a valid code.") % {"code": code})
        )
    values: dict[str, Any] = {"is_active": True, "sort_order": line - 1}
    references: dict[str, tuple[type[models.Model], str]] = {}
    for column in spec.columns:
        cell = row.get(column.header)
        cell = "" if cell is None else cell
        if cell != cell.strip():
            problems.append(
                Problem(
                    spec.name,
                    line,
                    _("%(column)s has spaces around its value.") % {"column": column.header},
                )
            )
            continue
        if not cell:
            if column.required:
                problems.append(
                    Problem(spec.name, line, _("%(column)s is empty.") % {"column": column.header})
                )
            else:
                values[column.field] = None if column.read is date else ""
            continue
        if isinstance(column.read, Reference):
            references[column.field] = (column.read.model, cell)
            continue
        try:
            values[column.field] = column.read(cell)
        except BadValue as error:
            problems.append(Problem(spec.name, line, f"{column.header}: {error}"))
    valid_from, valid_to = values.get("valid_from"), values.get("valid_to")
    if valid_from and valid_to and valid_to <= valid_from:
        problems.append(Problem(spec.name, line, _("valid_to must be after valid_from.")))
    minimum, maximum = values.get("min_units"), values.get("max_units")
    if minimum is not None and maximum is not None and maximum < minimum:
        problems.append(Problem(spec.name, line, _("max_units is below min_units.")))
    if len(problems) > count:
        return None
    return ParsedRow(line, code, values, references)


def parse_file(directory: Path, spec: CatalogFile, problems: list[Problem]) -> ParsedFile | None:
    path = directory / spec.name
    try:
        raw = path.read_bytes()
    except OSError:
        problems.append(Problem(spec.name, 0, _("The file is missing.")))
        return None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(spec.name, 0, _("The file is not UTF-8.")))
        return None
    reader = csv.DictReader(content.splitlines(), strict=True)
    headers = reader.fieldnames or []
    if headers != spec.headers:
        problems.append(
            Problem(
                spec.name,
                1,
                _("The header must be: %(expected)s.") % {"expected": ",".join(spec.headers)},
            )
        )
        return None
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(value is None for value in row.values()):
                problems.append(
                    Problem(spec.name, line, _("The row has the wrong number of cells."))
                )
                continue
            parsed = _parse_row(spec, line, row, problems)
            if parsed is None:
                continue
            if parsed.code in seen:
                problems.append(
                    Problem(
                        spec.name,
                        line,
                        _("The code %(code)s is already used on line %(line)s.")
                        % {"code": parsed.code, "line": seen[parsed.code]},
                    )
                )
                continue
            seen[parsed.code] = line
            rows.append(parsed)
    except csv.Error as error:
        problems.append(Problem(spec.name, reader.line_num, str(error)))
        return None
    return ParsedFile(spec, hashlib.sha256(raw).hexdigest(), rows)


def parse_all(directory: Path) -> list[ParsedFile]:
    problems: list[Problem] = []
    parsed = [parse_file(directory, spec, problems) for spec in FILES]
    codes = {result.spec.model: {row.code for row in result.rows} for result in parsed if result}
    for result in parsed:
        for row in result.rows if result else []:
            for _field, (model, code) in row.references.items():
                if code not in codes.get(model, set()):
                    problems.append(
                        Problem(
                            result.spec.name,
                            row.line,
                            _("%(code)s is not a code of %(catalog)s.")
                            % {"code": code, "catalog": model._meta.verbose_name_plural},
                        )
                    )
    if problems:
        raise CatalogError(problems)
    return [result for result in parsed if result]


def _apply(parsed: ParsedFile, version: str) -> FileReport:
    spec = parsed.spec
    model = spec.model
    report = FileReport(spec.name)
    reason = f"{spec.name} {version}"
    existing = {item.code: item for item in model.objects.all()}
    pk_by_code = {
        ref_model: dict(ref_model.objects.values_list("code", "pk"))
        for ref_model in {ref for row in parsed.rows for ref, _code in row.references.values()}
    }
    for row in parsed.rows:
        values = dict(row.values)
        for field_name, (ref_model, code) in row.references.items():
            values[f"{field_name}_id"] = pk_by_code[ref_model][code]
        item = existing.pop(row.code, None)
        if item is None:
            item = model(code=row.code, **values)
            report.created += 1
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        item._change_reason = reason
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError as error:
            raise CatalogError([Problem(spec.name, row.line, str(error))]) from None
    for item in existing.values():
        if item.is_active:
            item.is_active = False
            item._change_reason = reason
            item.save(update_fields=["is_active", "updated_at"])
            report.deactivated += 1
    if report.changed:
        CatalogLoad.objects.create(
            file_name=spec.name,
            sha256=parsed.sha256,
            catalog_version=version,
            created=report.created,
            updated=report.updated,
            deactivated=report.deactivated,
        )
    return report


# Two loads at once (say, two application nodes starting together) must not both insert the
# same new rows: on PostgreSQL they queue on this advisory lock; SQLite's immediate
# transactions already let only one writer in at a time.
_LOCK_KEY = 0x51414D51  # "QAMQ"


def load_catalog(directory: Path = DATA_DIR) -> LoadReport:
    """Check every file, then load them all in one transaction (or raise CatalogError)."""
    version = read_version(directory)
    parsed_files = parse_all(directory)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        reports = [_apply(parsed, version) for parsed in parsed_files]
    return LoadReport(version, reports)

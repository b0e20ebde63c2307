import csv
import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from qamqor.catalog.loader import DATA_DIR, FILES, CatalogError, load_catalog
from qamqor.catalog.models import AtRiskGroup, CatalogLoad, Region, Standard


@pytest.fixture
def data_dir(tmp_path, catalog):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _rewrite(path, change):
    """Apply `change` to the CSV rows (header included) of `path`."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _set_cell(code, header, value):
    def change(rows):
        column = rows[0].index(header)
        for row in rows[1:]:
            if row[0] == code:
                row[column] = value

    return change


def _snapshot():
    return {spec.model: list(spec.model.objects.order_by("pk").values()) for spec in FILES}


def test_it_loads_every_row_of_every_file(catalog):
    for spec in FILES:
        with (DATA_DIR / spec.name).open(encoding="utf-8") as handle:
            codes = {row[spec.code_header] for row in csv.DictReader(handle)}
        assert set(spec.model.objects.active().values_list("code", flat=True)) == codes


def test_it_loads_the_regions_with_their_validity_dates(catalog):
    assert Region.objects.get(code="KZ-10").valid_from.isoformat() == "2022-06-08"
    assert Region.objects.get(code="KZ-YUZ").valid_to.isoformat() == "2018-06-19"
    assert Region.objects.get(code="KZ-79").name_kk == "Шымкент"
    assert Region.objects.in_force().count() == 20


def test_a_second_load_changes_nothing(data_dir):
    before = _snapshot()
    history_before = {spec.model: spec.model.history.count() for spec in FILES}
    loads_before = CatalogLoad.objects.count()

    report = load_catalog(data_dir)

    assert not report.changed
    assert _snapshot() == before
    assert {spec.model: spec.model.history.count() for spec in FILES} == history_before
    assert CatalogLoad.objects.count() == loads_before


def test_the_command_is_idempotent(catalog):
    before = _snapshot()
    out = io.StringIO()
    call_command("load_catalog", stdout=out)
    assert _snapshot() == before
    assert "0 created, 0 updated, 0 deactivated" in out.getvalue()


def test_a_changed_row_is_updated_and_its_history_kept(data_dir):
    _rewrite(data_dir / "groups.csv", _set_cell("homeless", "name_en", "Homeless persons"))
    old_name = AtRiskGroup.objects.get(code="homeless").name_en

    report = load_catalog(data_dir)

    group = AtRiskGroup.objects.get(code="homeless")
    assert group.name_en == "Homeless persons"
    newest, previous = group.history.all()[:2]
    assert previous.name_en == old_name
    assert newest.name_en == "Homeless persons"
    assert newest.history_change_reason.startswith("groups.csv ")
    changed = [file.name for file in report.files if file.changed]
    assert changed == ["groups.csv"]
    load = CatalogLoad.objects.get(file_name="groups.csv", updated=1)
    assert len(load.sha256) == 64


def test_a_row_dropped_from_its_file_is_deactivated_not_deleted(data_dir):
    _rewrite(data_dir / "refusal_reasons.csv", lambda rows: rows.remove(rows[-1]))
    dropped_code = list(csv.reader((DATA_DIR / "refusal_reasons.csv").open(encoding="utf-8")))[-1][
        0
    ]

    report = load_catalog(data_dir)

    from qamqor.catalog.models import RefusalReason

    dropped = RefusalReason.objects.get(code=dropped_code)
    assert not dropped.is_active
    assert [f.deactivated for f in report.files if f.name == "refusal_reasons.csv"] == [1]
    # Putting it back reactivates it.
    load_catalog(DATA_DIR)
    dropped.refresh_from_db()
    assert dropped.is_active


def test_a_standard_can_be_superseded_by_dates(data_dir):
    _rewrite(
        data_dir / "standards.csv", _set_cell("vot-shelter-temporary", "valid_to", "2030-01-01")
    )
    load_catalog(data_dir)
    standard = Standard.objects.get(code="vot-shelter-temporary")
    import datetime as dt

    assert standard.is_in_force(dt.date(2029, 12, 31))
    assert not standard.is_in_force(dt.date(2030, 1, 1))


MALFORMED = {
    "bad boolean": ("groups.csv", _set_cell("homeless", "restricted", "maybe"), "restricted"),
    "empty Kazakh name": ("groups.csv", _set_cell("homeless", "name_kk", ""), "name_kk is empty"),
    "not a number": (
        "standards.csv",
        _set_cell("vot-psychological", "max_units", "twelve"),
        "max_units",
    ),
    "unknown group": (
        "standards.csv",
        _set_cell("vot-psychological", "group", "martians"),
        "martians",
    ),
    "bad date": ("regions.csv", _set_cell("KZ-10", "valid_from", "08.06.2022"), "valid_from"),
    "dates in the wrong order": (
        "regions.csv",
        _set_cell("KZ-10", "valid_to", "2020-01-01"),
        "valid_to must be after valid_from",
    ),
    "fewer units than the minimum": (
        "standards.csv",
        _set_cell("vot-psychological", "max_units", "1"),
        "max_units is below min_units",
    ),
    "unknown choice": ("regions.csv", _set_cell("KZ-10", "kind", "oblast"), "oblast"),
    "weight out of range": (
        "trafficking_indicators.csv",
        _set_cell("debt_bondage", "weight", "0"),
        "out of range",
    ),
    "duplicate code": (
        "settings.csv",
        lambda rows: rows.append(list(rows[1])),
        "already used on line 2",
    ),
    "missing cell": ("settings.csv", lambda rows: rows.append(["home_based2", "x"]), "cells"),
    "wrong header": ("settings.csv", lambda rows: rows[0].__setitem__(1, "title"), "header"),
    "bad code": ("settings.csv", _set_cell("home_based", "code", "home based"), "valid code"),
    "spaces around a value": (
        "settings.csv",
        _set_cell("home_based", "name_en", " Home-based "),
        "spaces",
    ),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_changes_nothing(data_dir, case):
    file_name, breakage, reason = MALFORMED[case]
    # A valid change in another file that must not be applied either.
    _rewrite(data_dir / "groups.csv", _set_cell("orphans", "name_en", "Orphaned children"))
    _rewrite(data_dir / file_name, breakage)
    before = _snapshot()
    loads_before = CatalogLoad.objects.count()

    with pytest.raises(CatalogError) as raised:
        load_catalog(data_dir)

    problems = raised.value.problems
    assert any(p.file == file_name and reason in p.reason for p in problems), problems
    assert all(p.line >= 1 for p in problems)
    assert _snapshot() == before
    assert CatalogLoad.objects.count() == loads_before


def test_a_file_that_is_not_utf8_is_rejected(data_dir):
    (data_dir / "settings.csv").write_bytes("code,name_en\nx,\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_dir)
    assert "UTF-8" in raised.value.problems[0].reason


def test_the_command_names_file_line_and_reason(data_dir):
    _rewrite(data_dir / "standards.csv", _set_cell("vot-legal", "days_to_first_service", "-1"))
    line = next(
        number
        for number, row in enumerate(csv.reader((data_dir / "standards.csv").open()), start=1)
        if row[0] == "vot-legal"
    )
    with pytest.raises(CommandError) as raised:
        call_command("load_catalog", "--dir", str(data_dir))
    message = str(raised.value)
    assert f"standards.csv:{line}: days_to_first_service" in message
    assert "nothing was changed" in message


def test_the_reasons_are_translated(data_dir):
    _rewrite(data_dir / "groups.csv", _set_cell("homeless", "restricted", "maybe"))
    with translation.override("ru"), pytest.raises(CatalogError) as raised:
        load_catalog(data_dir)
    assert "maybe" in raised.value.problems[0].reason
    assert "yes or no" not in raised.value.problems[0].reason

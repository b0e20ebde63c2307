"""The shape of the code (issue 9): short modules, and layers that only point down."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 500


def test_no_module_under_qamqor_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "qamqor").rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}


def test_the_layer_contracts_ignore_no_import():
    """The contracts `make lint` checks (lint-imports) name every app and excuse nothing."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert all("ignore_imports" not in contract for contract in contracts)
    layers = next(contract for contract in contracts if contract["type"] == "layers")
    named = {name.strip() for layer in layers["layers"] for name in layer.split("|")}
    apps = {f"qamqor.{path.parent.name}" for path in (ROOT / "qamqor").glob("*/apps.py")}
    assert apps <= named

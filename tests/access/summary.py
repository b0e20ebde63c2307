"""The figures of the generated access test, written at the end of a pytest run (called from
tests/conftest.py's pytest_terminal_summary): the seed, how many sequences, steps and checks,
how often each rule was exercised (done / refused), and where the time went. Each chunk of
the test records its figures as a user property, so that they also come back from the
pytest-xdist workers."""

from __future__ import annotations

import json
from collections import Counter

PROPERTY = "generated_access"


def _figures(terminalreporter) -> tuple[Counter, Counter, set, dict]:
    totals: Counter = Counter()
    timings: Counter = Counter()
    seeds: set = set()
    other: dict = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name != PROPERTY:
                    continue
                figures = json.loads(value)
                seeds.add(figures.pop("seed", None))
                timings.update(figures.pop("timings", {}))
                other["engine"] = figures.pop("engine", "?")
                other["transfers"] = figures.pop("transfers", None)
                other["chunks"] = other.get("chunks", 0) + 1
                totals.update({k: v for k, v in figures.items() if isinstance(v, int | float)})
    return totals, timings, seeds, other


def write_summary(terminalreporter) -> None:
    totals, timings, seeds, other = _figures(terminalreporter)
    if not other:
        return
    write = terminalreporter.write_line
    write(
        f"Generated access test on {other['engine']} (seed {', '.join(map(str, sorted(seeds)))}; "
        f"QAMQOR_GENERATED_SEED replays it): {totals['sequences']} sequences, "
        f"{totals['steps']} steps, {totals['checks']} checks, in {other['chunks']} chunks "
        f"({totals['seconds']:.0f} s of test time, {totals['cpu_seconds']:.0f} s of CPU in the "
        f"test processes); transfers "
        f"{'generated' if other['transfers'] else 'NOT generated (qamqor.cases.transfers missing)'}",
        bold=True,
    )
    rules: dict[str, Counter] = {}
    for key, count in totals.items():
        if key.startswith("rule "):
            _, name, outcome = key.split()
            rules.setdefault(name, Counter())[outcome] += count
    write(
        "  rules exercised (done/refused): "
        + ", ".join(f"{name} {c['done']}/{c['refused']}" for name, c in sorted(rules.items()))
    )
    costly = sorted(
        ((label, seconds) for label, seconds in timings.items() if not label.endswith(" #")),
        key=lambda item: -item[1],
    )[:8]
    write(
        "  time per check (mean ms × count): "
        + ", ".join(
            f"{label} {1000 * seconds / max(1, timings[label + ' #']):.0f}×{timings[label + ' #']:.0f}"
            for label, seconds in costly
        )
    )

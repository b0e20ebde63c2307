"""The case page's plug-in point: sections other apps add to it.

An app above cases (protection, …) registers a `CaseSection` in its `AppConfig.ready()`: the
buttons it adds to the case's edit bar, the sections it adds to the page, and the records those
templates read. The case page includes them in the order of registration; it never names the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qamqor.cases.models import Case
from qamqor.core.registries import Registry


@dataclass(frozen=True)
class CaseSection:
    # Template of the buttons added to the edit bar (shown to who may edit an open case).
    actions: str
    # Template of the sections added to the page.
    body: str
    # The records those templates read (querysets stay lazy), from the case.
    context: Callable[[Case], dict[str, Any]]


case_sections: Registry[CaseSection] = Registry("case page sections")


def sections_context(case: Case) -> dict[str, Any]:
    """The registered sections and every record they read, for the case page's context."""
    context: dict[str, Any] = {"sections": list(case_sections)}
    for section in case_sections:
        context.update(section.context(case))
    return context

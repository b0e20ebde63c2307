"""The one checker for the answers of a checklist (screening, risk)."""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from qamqor.core.errors import FieldErrors
from qamqor.protection.models import (
    Answer,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Checklists (screening, risk)


def _answer_errors(
    answers: Mapping[str, str],
    known: Container[str],
    unknown_code: str,
    unknown_message: StrOrPromise,
) -> FieldErrors:
    """Field errors of a checklist's answers: an item not in `known`, or an answer other than
    yes / no / unknown."""
    errors = {}
    for code, answer in sorted(answers.items()):
        if code not in known:
            errors[f"answers.{code}"] = [{"code": unknown_code, "message": str(unknown_message)}]
        elif answer not in Answer.values:
            errors[f"answers.{code}"] = [
                {"code": "invalid_answer", "message": str(_("Yes, no or unknown."))}
            ]
    return errors

"""What changed in a record since a version someone read: shown when their edit is refused
because another person saved first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

IGNORED = {"id", "version", "created_at", "updated_at"}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


def _display(record: models.Model, field: models.Field) -> Any:
    if field.choices:
        return dict(field.flatchoices).get(getattr(record, field.attname), "")
    if field.is_relation:
        related_id = getattr(record, field.attname)
        if related_id is None:
            return ""
        return str(field.related_model._default_manager.filter(pk=related_id).first() or "")
    return getattr(record, field.attname)


def changes_since(current: models.Model, version: int) -> list[Change]:
    """Fields whose value differs between `version` (from the record's history) and now."""
    then = current.history.filter(version=version).order_by("-history_date").first()
    if then is None:
        return []
    changes = []
    for field in current._meta.concrete_fields:
        if field.name in IGNORED or not field.editable:
            continue
        if getattr(then, field.attname) != getattr(current, field.attname):
            changes.append(
                Change(str(field.verbose_name), _display(then, field), _display(current, field))
            )
    return changes

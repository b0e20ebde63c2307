"""Writing to the access log. Views and API endpoints call these after reading or writing a
case or person record through the access policy."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.http import HttpRequest

from qamqor.audit.models import AccessLogEntry

Action = AccessLogEntry.Action


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _channel(request: HttpRequest | None) -> str:
    if request is None:
        return "system"
    return "api" if request.path.startswith("/api/") else "web"


def _case_id(record: models.Model) -> int | None:
    if record._meta.label == "cases.Case":
        return record.pk
    return getattr(record, "case_id", None)


def _entry(user, action: str, record: models.Model, request) -> AccessLogEntry:
    return AccessLogEntry(
        user=user,
        action=action,
        record_type=record._meta.label_lower,
        record_id=record.pk,
        record_code=getattr(record, "code", "") or "",
        case_id=_case_id(record),
        ip_address=_ip(request),
        channel=_channel(request),
    )


def record(user, action: str, record: models.Model, request: HttpRequest | None = None) -> None:
    _entry(user, action, record, request).save()


def record_many(
    user, action: str, records: Iterable[models.Model], request: HttpRequest | None = None
) -> None:
    """One entry per record shown, in one bulk insert."""
    entries = [_entry(user, action, item, request) for item in records]
    if entries:
        AccessLogEntry.objects.bulk_create(entries)

"""Writing to the access log. Views and API endpoints call these after reading or writing a
case or person record through the access policy."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
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
    """The case the record is part of: its own `case` field, or (an intake) the case opened
    from it, so that "who saw this case" finds every record shown with it."""
    if record._meta.label == "cases.Case":
        return record.pk
    if hasattr(record, "case_id"):
        return record.case_id
    try:
        return getattr(record, "case", None) and record.case.pk
    except ObjectDoesNotExist:
        return None


def _entry(user, action: str, record: models.Model, request) -> AccessLogEntry:
    return AccessLogEntry(
        user=user,
        action=action,
        record_type=record._meta.label_lower,
        record_id=record.pk,
        record_code=getattr(record, "access_log_code", None) or getattr(record, "code", "") or "",
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


def record_entries_shown(
    user, entries: Iterable[AccessLogEntry], request: HttpRequest | None = None
) -> None:
    """The access log page shows which case and person records others read: one "shown in a
    list" entry per record it shows (in one bulk insert), so reading the log is logged too."""
    shown: dict[tuple[str, int], AccessLogEntry] = {}
    for entry in entries:
        shown.setdefault((entry.record_type, entry.record_id), entry)
    if shown:
        AccessLogEntry.objects.bulk_create(
            [
                AccessLogEntry(
                    user=user,
                    action=Action.LIST,
                    record_type=entry.record_type,
                    record_id=entry.record_id,
                    record_code=entry.record_code,
                    case_id=entry.case_id,
                    ip_address=_ip(request),
                    channel=_channel(request),
                )
                for entry in shown.values()
            ]
        )

"""The one alert mechanism: things coming due (an order expiring, a review due…), stored,
raised once and resolved when dealt with.

Each app that has something coming due registers an `AlertSource` in its AppConfig.ready()
(`alert_sources.register(name, source)`); core never names the app. A source brings its alerts
up to date for a day: it raises the missing ones and resolves those no longer called for,
idempotently, so running it twice changes nothing. Alerts are refreshed

- by the services, for the record they change (each source offers that to its own app);
- by `qamqor alerts`, over everything (schedule it daily);
- on read, when the last full refresh is older than today (`refresh_if_stale`, called by the
  pages and endpoints that show alerts), so that a missed schedule never hides what is due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import DatabaseError, transaction
from django.utils import timezone

from qamqor.core.models import AlertRun
from qamqor.core.registries import Registry


@dataclass
class Outcome:
    raised: int = 0
    resolved: int = 0

    def __iadd__(self, other: Outcome) -> Outcome:
        self.raised += other.raised
        self.resolved += other.resolved
        return self


class AlertSource(Protocol):
    def refresh(self, *, today: dt.date) -> Outcome:
        """Bring every alert of this source up to date for `today`."""
        ...


alert_sources: Registry[AlertSource] = Registry("alert sources")


@transaction.atomic
def refresh_all(*, today: dt.date | None = None) -> dict[str, Outcome]:
    """Every source's alerts brought up to date for `today`; the day is then marked done."""
    today = today or timezone.localdate()
    outcomes = {name: source.refresh(today=today) for name, source in alert_sources.items()}
    AlertRun.objects.get_or_create(day=today)
    return outcomes


def refresh_if_stale(*, today: dt.date | None = None) -> None:
    """Refresh everything when no full refresh ran today (one query when one did)."""
    today = today or timezone.localdate()
    if not AlertRun.objects.filter(day=today).exists():
        refresh_all(today=today)


def refresh_after_migrate(**kwargs: Any) -> None:
    """post_migrate: a migrated database starts with its alerts up to date for today. Skipped
    (and left to the first read) when some source's tables are not there yet, as in a
    migration to an earlier state."""
    try:
        with transaction.atomic():
            refresh_all()
    except DatabaseError:
        pass

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
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
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
logger = logging.getLogger(__name__)


def _refresh_sources(today: dt.date) -> dict[str, Outcome]:
    return {name: source.refresh(today=today) for name, source in alert_sources.items()}


@transaction.atomic
def refresh_all(*, today: dt.date | None = None) -> dict[str, Outcome]:
    """Every source's alerts brought up to date for `today`. Today (not another day worked
    as, `qamqor alerts --date`) is then marked done."""
    day = today or timezone.localdate()
    outcomes = _refresh_sources(day)
    if day == timezone.localdate():
        AlertRun.objects.get_or_create(day=day)
    return outcomes


def refresh_if_stale() -> None:
    """Refresh everything when no full refresh ran today (one query when one did). The first
    reader claims the day (a concurrent reader waits for the claim, then finds the day done);
    a refresh that fails is logged and the page shows the alerts as stored, never a 500."""
    today = timezone.localdate()
    if AlertRun.objects.filter(day=today).exists():
        return
    try:
        with transaction.atomic():
            AlertRun.objects.create(day=today)
            _refresh_sources(today)
    except IntegrityError:
        return  # another reader refreshed today
    except Exception:  # a source's bug must not take the home page down; it is logged
        logger.exception("The alerts could not be refreshed on read; they are shown as stored.")


def refresh_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate: a database migrated to its latest state starts with its alerts up to date
    for today. After a migration to an earlier state (some source's tables may be missing) it
    is left to the first read."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    with transaction.atomic(using=using):
        refresh_all()

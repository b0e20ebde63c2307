"""Building the demo's protection records, once."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from qamqor.accounts.models import Organisation, User
from qamqor.catalog.models import AtRiskGroup
from qamqor.demo.protection.calls import _calls_to_existing_cases, _unlinked_calls
from qamqor.demo.protection.common import ORGANISATION, SEED, UNLINKED_CALLS, Team
from qamqor.demo.protection.screenings import _screenings
from qamqor.demo.protection.violence import _domestic_violence, _other_calls_opened
from qamqor.protection import alerts
from qamqor.protection.models import (
    HotlineCall,
    Screening,
)

USERNAMES = ("operator", "caseworker", "supervisor")


def _team() -> Team | None:
    organisation = Organisation.objects.filter(code=ORGANISATION).first()
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    if organisation is None or len(users) < len(USERNAMES):
        return None
    return Team(
        organisation=organisation,
        groups={group.code: group for group in AtRiskGroup.objects.all()},
        regions=list(organisation.regions_served.order_by("code")) or [organisation.region],
        **users,
    )


@dataclass
class Summary:
    calls: int = 0
    screenings: int = 0
    created: bool = False


@transaction.atomic
def build_protection(scale: float = 1.0) -> Summary:
    """Make the demo protection records unless the Astana centre has calls or screenings;
    bring the alerts up to date either way. `scale` shrinks or grows the unlinked calls and
    the screenings below the threshold (tests use a small one)."""
    team = _team()
    summary = Summary()
    if team is not None and not (
        HotlineCall.objects.filter(organisation=team.organisation).exists()
        or Screening.objects.filter(organisation=team.organisation).exists()
    ):
        rng = random.Random(SEED)  # noqa: S311 - demo data, repeatable on purpose
        opened, repeat = _domestic_violence(team, rng)
        opened += _other_calls_opened(team, rng)
        added = _calls_to_existing_cases(team, rng, repeat)
        unlinked = _unlinked_calls(team, rng, max(2, round(UNLINKED_CALLS * scale)))
        summary.calls = opened + added + unlinked
        summary.screenings = _screenings(team, rng, scale)
        summary.created = True
    alerts.refresh(everything=True)
    return summary

"""Demo hotline calls."""

from __future__ import annotations

import datetime as dt
import random

from qamqor.cases.models import Case
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.demo.protection.common import (
    CALLER_WEIGHTS,
    LANGUAGE_WEIGHTS,
    NOTES,
    TOPIC_WEIGHTS,
    Caller,
    Team,
    Topic,
    _dated,
    _moment,
)
from qamqor.protection import services
from qamqor.protection.models import (
    HotlineCall,
)

# Hotline calls


def _log(team: Team, rng: random.Random, when: dt.datetime, topic: str, **values) -> HotlineCall:
    values.setdefault("caller_type", rng.choices(*zip(*CALLER_WEIGHTS.items(), strict=True))[0])
    values.setdefault("language", rng.choices(*zip(*LANGUAGE_WEIGHTS.items(), strict=True))[0])
    values.setdefault("note", rng.choice(NOTES[topic]))
    return services.call_log(
        actor=team.operator,
        organisation=team.organisation,
        region=values.pop("region", rng.choice(team.regions)),
        received_at=when,
        duration_minutes=values.pop("duration_minutes", rng.randint(3, 35)),
        topic=topic,
        **values,
    )


def _unlinked_calls(team: Team, rng: random.Random, count: int) -> int:
    topics, weights = zip(*TOPIC_WEIGHTS.items(), strict=True)
    for _ in range(count):
        topic = rng.choices(topics, weights=weights)[0]
        _log(
            team,
            rng,
            _moment(rng.randint(1, 30), rng.randint(8, 21), rng.choice([0, 10, 25, 40, 55])),
            topic,
            anonymous=rng.random() < 0.85,
            risk_flag=topic == Topic.DOMESTIC_VIOLENCE and rng.random() < 0.3,
        )
    return count


def _calls_to_existing_cases(team: Team, rng: random.Random, repeat: list[tuple]) -> int:
    """Two callers asking about cases the operator can see, added by the operator, and
    repeat calls on restricted cases (which only the supervisor sees), added by the
    supervisor; when too few cases are open to the operator, more repeat calls."""
    open_cases = access.scope(
        team.operator,
        Action.VIEW_CASE,
        Case.objects.filter(organisation=team.organisation).exclude(status=Case.Status.CLOSED),
    )
    candidates = list(open_cases.filter(restricted=False).order_by("pk"))
    chosen = rng.sample(candidates, min(2, len(candidates)))
    for days_ago, case in zip([7, 2], chosen, strict=False):
        call = _log(
            team,
            rng,
            _moment(days_ago, 12, 30),
            Topic.SERVICES,
            anonymous=False,
            caller_type=Caller.SELF,
            note="Спросила, когда начнутся услуги по плану; передано ведущему специалисту.",
        )
        with _dated(call.received_at):
            services.call_add_to_case(actor=team.operator, call=call, case=case)
    wanted = 4 - len(chosen)
    for case, days_ago, note in repeat[:wanted]:
        call = _log(
            team,
            rng,
            _moment(days_ago, 22, 15),
            Topic.DOMESTIC_VIOLENCE,
            anonymous=False,
            caller_type=Caller.SELF,
            risk_flag=True,
            note=note,
        )
        with _dated(call.received_at):
            services.call_add_to_case(actor=team.supervisor, call=call, case=case)
    return len(chosen) + min(wanted, len(repeat))

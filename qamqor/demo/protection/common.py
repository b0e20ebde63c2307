"""What the demo's protection records share: the team, the seed, the dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from qamqor.accounts.models import Organisation, User
from qamqor.cases import planning
from qamqor.cases import services as case_services
from qamqor.cases.models import Case, CaseEvent, EligibilityDecision
from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.people.models import Person
from qamqor.people.services import person_create
from qamqor.protection import htcds
from qamqor.protection.models import (
    HotlineCall,
    Identification,
    OrderViolation,
    ProtectiveOrder,
    Screening,
)

SEED = 2027
ORGANISATION = "astana-centre"
UNLINKED_CALLS = 28  # at scale 1; with 8 calls opened as cases and 4 added: 40
BELOW_THRESHOLD = 22  # screenings below the threshold at scale 1, Astana centre
BELOW_THRESHOLD_ELSEWHERE = 4  # and by the Akzhol crisis centre's staff

Topic, Caller, Language = HotlineCall.Topic, HotlineCall.CallerType, HotlineCall.Language
Place = Screening.Place
Kind, Reporter = ProtectiveOrder.Kind, OrderViolation.Reporter
Response, Liability = OrderViolation.Response, OrderViolation.Liability
Decision, Scope = Identification.Decision, Identification.Scope
Status, Exploitation = htcds.TraffickingStatus, htcds.ExploitationType

TOPIC_WEIGHTS = {
    Topic.DOMESTIC_VIOLENCE: 8,
    Topic.TRAFFICKING: 3,
    Topic.CHILD: 3,
    Topic.DISABILITY: 2,
    Topic.HOMELESSNESS: 2,
    Topic.MIGRATION: 3,
    Topic.LEGAL: 4,
    Topic.PSYCHOLOGICAL: 4,
    Topic.SERVICES: 6,
    Topic.OTHER: 2,
}
CALLER_WEIGHTS = {
    Caller.SELF: 6,
    Caller.RELATIVE: 3,
    Caller.WITNESS: 2,
    Caller.PROFESSIONAL: 2,
    Caller.NOT_STATED: 2,
}
LANGUAGE_WEIGHTS = {Language.RU: 5, Language.KK: 4, Language.EN: 1, Language.OTHER: 1}
NOTES = {
    Topic.DOMESTIC_VIOLENCE: [
        "Муж кричит и угрожает; рассказали о защитном предписании и кризисном центре.",
        "Күйеуі ұрып-соғады; дағдарыс орталығының мекенжайы айтылды.",
        "Neighbour hears fighting next door most nights; advised to call 102.",
    ],
    Topic.TRAFFICKING: [
        "Знакомой предложили работу за границей, паспорт просят отдать посреднику.",
        "Asked how to check a job offer abroad; gave the 1409 line.",
    ],
    Topic.CHILD: ["Ребёнок соседей часто один дома без еды; передано в службу опеки."],
    Topic.DISABILITY: ["Мүгедектігі бар адамға үйде күтім қызметі туралы сұрады."],
    Topic.HOMELESSNESS: ["Ночует на вокзале; рассказали о центре временного пребывания."],
    Topic.MIGRATION: ["Срок регистрации истёк; объяснили, куда обратиться."],
    Topic.LEGAL: ["Алименты не платят; записана на консультацию юриста."],
    Topic.PSYCHOLOGICAL: ["Тревога после развода; записана к психологу."],
    Topic.SERVICES: ["Asked which social services the centre gives and how to apply."],
    Topic.OTHER: [""],
}

RISK_FILLER = ["no", "no", "no", "unknown"]


@dataclass
class Team:
    organisation: Organisation
    operator: User
    caseworker: User
    supervisor: User
    groups: dict[str, AtRiskGroup]
    regions: list[Region]


def _moment(days_ago: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A time `days_ago` days before today (at least one, so never in the future)."""
    day = timezone.localdate() - dt.timedelta(days=max(days_ago, 1))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@contextmanager
def _dated(when: dt.datetime) -> Iterator[None]:
    """The services write their case events now; date those written in the block `when`."""
    last = CaseEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    CaseEvent.objects.filter(pk__gt=last).update(at=when)


def _after_opening(case: Case, days_ago: int, hour: int) -> dt.datetime:
    """`days_ago` at `hour`, but not before the case was opened."""
    return max(_moment(days_ago, hour), case.opened_at + dt.timedelta(hours=1))


def _person(team: Team, given: str, family: str, age: int, **facts) -> Person:
    return person_create(
        actor=facts.pop("actor", team.caseworker),
        organisation=team.organisation,
        given_name=given,
        family_name=family,
        age=age,
        sex=facts.pop("sex", "female"),
        citizenship=facts.pop("citizenship", "KZ"),
        region=facts.pop("region", team.organisation.region),
        **facts,
    ).person


def _grant(team: Team, case: Case, group: str, days_ago: int, needs: dict) -> None:
    """Assess, grant the group (the case worker), approve (the supervisor), plan."""
    case.refresh_from_db()
    with _dated(_after_opening(case, days_ago, 11)):
        if case.status == Case.Status.INTAKE:
            case_services.case_start_assessment(actor=team.caseworker, case=case)
        planning.assessment_record(
            actor=team.caseworker, case=case, needs=needs, on=_day(-days_ago)
        )
        decision = case_services.decision_record(
            actor=team.caseworker, case=case, group=team.groups[group], outcome="granted"
        )
    EligibilityDecision.objects.filter(pk=decision.pk).update(decided_on=_day(-days_ago))
    _approve_and_plan(team, case, decision, days_ago - 1)


def _approve_and_plan(team: Team, case: Case, decision: EligibilityDecision, days_ago: int) -> None:
    with _dated(_moment(days_ago, 15)):
        case_services.decision_approve(actor=team.supervisor, decision=decision)
        case.refresh_from_db()
        proposal = planning.propose_plan(case)
        provided = [item for item in proposal if item.provider is not None]
        if provided or proposal:
            planning.plan_create(actor=team.caseworker, case=case, items=provided or proposal)

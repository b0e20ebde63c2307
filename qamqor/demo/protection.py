"""Demo protection data, made through the protection services acting as the demo users.

Hotline calls of the last month logged by the operator (most anonymous and left on their own,
some opened as cases, some added to existing cases); trafficking screenings at several places,
most below the threshold, some awaiting identification, some identified (one approved by the
supervisor and planned) and some not; ten domestic-violence cases with risk assessments
(low, medium, high), protective orders with and without violations (one expiring this week,
one revoked) and safety plans (one due for review in two days, one reviewed today). Dates are
relative to today so that the alerts show on the home pages; the case timeline is dated as
the records are.

Built once: when the Astana centre has calls or screenings, nothing is added; the alerts are
brought up to date on every run. Random choices use a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qamqor.accounts.models import Organisation, User
from qamqor.cases import planning
from qamqor.cases import services as case_services
from qamqor.cases.models import Case, CaseEvent, EligibilityDecision
from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.people.models import Person
from qamqor.people.services import person_create
from qamqor.protection import alerts, htcds, risk, services
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


# Domestic violence: cases, risk, orders, safety plans


@dataclass
class Order:
    kind: str
    issuing_body: str
    number: str
    issued: int  # days ago
    until: int  # days from today (negative: in the past)
    respondent: tuple[str, str, int]  # name, relationship, year of birth
    conditions: str
    starts: int | None = None  # days ago; the day issued if not given
    violations: list[tuple] = field(default_factory=list)  # days ago, reporter, action, liability
    revoked: int | None = None  # days ago


@dataclass
class Victim:
    key: str
    person: tuple | None  # given name, family name, age, citizenship; None: anonymous
    opened: int  # days ago
    risks: list[tuple[int, list[str]]]  # (days ago, the questions answered "yes")
    call: dict | None = None  # the call the case was opened from
    channel: str = "police"  # when not opened from a call
    orders: list[Order] = field(default_factory=list)
    plans: list[int] = field(default_factory=list)  # review due, days from today
    reviewed: int | None = None  # the current plan is reviewed today; next review then
    granted: bool = False


POLICE = "Управление полиции района «Алматы» г. Астаны"
POLICE_SARYARKA = "Управление полиции района «Сарыарка» г. Астаны"
COURT = "Специализированный межрайонный суд по административным правонарушениям г. Астаны"
CONDITIONS_POLICE = (
    "Запрещено приближаться к пострадавшей, звонить и писать ей, посещать её жильё "
    "в течение 30 суток."
)
CONDITIONS_COURT = (
    "Запрещено приближаться к пострадавшей ближе 200 метров, искать встреч с ней и детьми, "
    "звонить и писать; обязан пройти психокоррекционную программу."
)

VICTIMS = [
    Victim(
        "A",
        ("Гульнара", "Серікова", 34, "KZ"),
        opened=9,
        call=dict(caller_type=Caller.SELF, language=Language.RU, risk_flag=True,
                  note="Муж душил её вчера вечером, угрожает убить; она с двумя детьми у сестры."),
        risks=[(8, ["strangled", "threat_to_kill", "frightened", "escalating", "children_harmed"])],
        orders=[
            Order(Kind.POLICE, POLICE, "ЗП-71-0412", issued=8, until=22,
                  respondent=("Серіков Ерлан", "spouse", 1986), conditions=CONDITIONS_POLICE,
                  violations=[(6, Reporter.POLICE, Response.RESPONDENT_REMOVED, Liability.ARREST),
                              (3, Reporter.PROTECTED_PERSON, Response.POLICE_CALLED,
                               Liability.PENDING)]),
        ],
        plans=[2],
        granted=True,
    ),
    Victim(
        "B",
        ("Айгерім", "Омарова", 27, "KZ"),
        opened=18,
        call=dict(caller_type=Caller.RELATIVE, language=Language.KK,
                  note="Әпкесі хабарласты: күйеуі қызғанып, ақшасын алып қояды, соққы болған."),
        risks=[(17, ["injured", "frightened", "controlling"])],
        orders=[
            Order(Kind.COURT_BEHAVIOUR, COURT, "3-0517/2025", issued=15, until=165,
                  respondent=("Омаров Данияр", "spouse", 1994), conditions=CONDITIONS_COURT),
        ],
        plans=[7],
        reviewed=30,
        granted=True,
    ),
    Victim(
        "D",
        None,
        opened=12,
        call=dict(caller_type=Caller.WITNESS, language=Language.RU, risk_flag=True,
                  note="Соседка слышит крики и удары за стеной, женщина просила не называть её."),
        risks=[(11, ["injured", "separation", "substances"])],
        orders=[
            Order(Kind.POLICE, POLICE_SARYARKA, "ЗП-71-0398", issued=11, until=19,
                  respondent=("Ким Сергей", "partner", 1979), conditions=CONDITIONS_POLICE,
                  revoked=3),
        ],
        plans=[21],
    ),
    Victim(
        "E",
        ("Жанна", "Ахметова", 41, "KZ"),
        opened=8,
        call=dict(caller_type=Caller.SELF, language=Language.KK,
                  note="Бұрынғы күйеуі үйге келіп, қорқытады; полицияға жүгінген."),
        risks=[(7, ["controlling", "isolated"])],
        orders=[
            Order(Kind.POLICE, POLICE, "ЗП-71-0420", issued=7, until=23,
                  respondent=("Ахметов Нұрлан", "former_spouse", 1980),
                  conditions=CONDITIONS_POLICE),
        ],
    ),
    Victim(
        "F",
        None,
        opened=4,
        call=dict(caller_type=Caller.PROFESSIONAL, language=Language.RU,
                  note="Школьный психолог: мать ученика приходит с синяками, отец пьёт."),
        risks=[(3, ["isolated", "substances", "stalking"])],
        plans=[12],
    ),
    Victim(
        "G",
        ("Мадина", "Қасымова", 29, "KZ"),
        opened=24,
        call=dict(caller_type=Caller.SELF, language=Language.RU, risk_flag=True,
                  note="Сожитель угрожал ножом ей и сыну; ночует у подруги."),
        risks=[(23, ["weapon", "children_harmed", "frightened"])],
        orders=[
            Order(Kind.POLICE, POLICE_SARYARKA, "ЗП-71-0377", issued=23, until=6,
                  respondent=("Жандос Исаков", "partner", 1990), conditions=CONDITIONS_POLICE,
                  violations=[(10, Reporter.WITNESS, Response.REPORT_FILED, Liability.FINE)]),
        ],
        plans=[4, 25],
        granted=True,
    ),
    Victim(
        "C",
        ("Ольга", "Петрова", 46, "KZ"),
        opened=75,
        channel="police",
        risks=[(74, ["injured", "escalating", "controlling"]),
               (40, ["weapon", "threat_to_kill", "escalating", "order_breached"])],
        orders=[
            Order(Kind.POLICE, POLICE, "ЗП-71-0214", issued=74, until=-45,
                  respondent=("Петров Дмитрий", "spouse", 1975), conditions=CONDITIONS_POLICE,
                  violations=[(60, Reporter.WITNESS, Response.REPORT_FILED, Liability.WARNING)]),
            Order(Kind.COURT_RESTRAINING, COURT, "3-0388/2025", issued=40, starts=38, until=325,
                  respondent=("Петров Дмитрий", "spouse", 1975), conditions=CONDITIONS_COURT,
                  violations=[(9, Reporter.CASE_WORKER, Response.SAFETY_PLAN,
                               Liability.CRIMINAL)]),
        ],
        plans=[6, 14],
        granted=True,
    ),
    Victim(
        "H",
        ("Дана", "Исакова", 38, "KZ"),
        opened=45,
        channel="walk_in",
        risks=[(44, ["frightened", "separation", "stalking"])],
        orders=[
            Order(Kind.COURT_BEHAVIOUR, COURT, "3-0451/2025", issued=44, until=136,
                  respondent=("Исаков Тимур", "former_spouse", 1983), conditions=CONDITIONS_COURT,
                  violations=[(20, Reporter.PROTECTED_PERSON, Response.POLICE_CALLED,
                               Liability.FINE)]),
        ],
        granted=True,
    ),
    Victim(
        "I",
        ("Асель", "Ким", 52, "KZ"),
        opened=35,
        channel="health",
        risks=[(35, ["injured"])],
        plans=[20],
    ),
    Victim(
        "J",
        ("Нигора", "Абдуллаева", 31, "UZ"),
        opened=50,
        channel="police",
        risks=[(50, ["controlling", "substances"])],
        orders=[
            Order(Kind.POLICE, POLICE_SARYARKA, "ЗП-71-0301", issued=50, until=-21,
                  respondent=("Абдуллаев Рустам", "spouse", 1988), conditions=CONDITIONS_POLICE),
        ],
    ),
]  # fmt: skip
REPEAT_CALLS = [
    ("A", 3, "Повторный звонок: муж снова пришёл к дому сестры, вызвана полиция."),
    ("C", 9, "Повторный звонок: бывший муж ждал у работы, несмотря на запрет суда."),
    ("B", 5, "Уточнила время консультации юриста по разводу."),
    ("E", 1, "Спросила, можно ли продлить защитное предписание."),
]
STEPS = [
    "Держать телефон заряженным, номер 102 и кризисного центра — на быстром наборе.",
    "Собрать сумку: документы, лекарства, деньги, ключи — оставить у сестры.",
    "Условный сигнал соседке, чтобы та вызвала полицию.",
    "Маршрут до кризисного центра; дети знают, к кому идти.",
    "Балалар мектептен тек анасымен немесе әжесімен кетеді.",
]
CONTACTS = [
    {"name": "Полиция", "phone": "102", "note": ""},
    {"name": "Кризисный центр «Акжол»", "phone": "+7 727 000 00 00", "note": "круглосуточно"},
    {"name": "Участковый инспектор", "phone": "", "note": "по будням"},
]
NEEDS = {"safety": (4, ""), "legal_status": (2, "Развод и алименты"), "housing": (3, "")}


def _victim_case(team: Team, rng: random.Random, victim: Victim) -> Case:
    person = None
    if victim.person:
        given, family, age, citizenship = victim.person
        recorder = team.operator if victim.call is not None else team.caseworker
        person = _person(team, given, family, age, citizenship=citizenship, actor=recorder)
    when = _moment(victim.opened, rng.randint(9, 20), rng.choice([5, 20, 45]))
    if victim.call is not None:
        call = _log(
            team,
            rng,
            when,
            Topic.DOMESTIC_VIOLENCE,
            region=team.organisation.region,
            anonymous=person is None,
            **victim.call,
        )
        with _dated(when):
            return services.call_open_case(
                actor=team.operator, call=call, person=person, lead_worker=team.caseworker
            )
    person = person or _person(team, "", "", 30)
    with _dated(when):
        intake = case_services.intake_create(
            actor=team.caseworker,
            organisation=team.organisation,
            channel=victim.channel,
            region=team.organisation.region,
            received_at=when,
            presenting_problem="Обратилась после очередного избиения.",
            immediate_risk="medium",
            person=person,
        )
        return case_services.case_open(
            actor=team.caseworker,
            intake=intake,
            person=person,
            groups=[team.groups["domestic_violence_victims"]],
        )


def _risk_answers(rng: random.Random, yes: Iterable[str]) -> dict[str, str]:
    yes = set(yes)
    return {
        question.code: "yes" if question.code in yes else rng.choice(RISK_FILLER)
        for question in risk.QUESTIONS
    }


def _protect(team: Team, rng: random.Random, victim: Victim, case: Case) -> None:
    worker = team.caseworker
    for days_ago, yes in victim.risks:
        with _dated(_after_opening(case, days_ago, 14)):
            services.risk_assess(
                actor=worker, case=case, answers=_risk_answers(rng, yes), on=_day(-days_ago)
            )
    for item in victim.orders:
        starts = item.starts if item.starts is not None else item.issued
        name, relationship, born = item.respondent
        with _dated(_after_opening(case, item.issued, 16)):
            order = services.order_record(
                actor=worker,
                case=case,
                kind=item.kind,
                issuing_body=item.issuing_body,
                number=item.number,
                issued_on=_day(-item.issued),
                valid_from=_day(-starts),
                valid_until=_day(item.until),
                conditions=item.conditions,
                respondent_name=name,
                respondent_relationship=relationship,
                respondent_birth_year=born,
            )
        for days_ago, reporter, action, liability in item.violations:
            with _dated(_moment(days_ago, 23)):
                services.violation_record(
                    actor=worker,
                    order=order,
                    occurred_on=_day(-days_ago),
                    reported_by=reporter,
                    action_taken=action,
                    liability=liability,
                )
        if item.revoked is not None:
            with _dated(_moment(item.revoked, 12)):
                services.order_revoke(actor=worker, order=order, on=_day(-item.revoked))
    made = victim.opened - 1
    for review_due in victim.plans:
        with _dated(_after_opening(case, made, 17)):
            plan = services.safety_plan_create(
                actor=worker,
                case=case,
                steps=rng.sample(STEPS, 3),
                contacts=rng.sample(CONTACTS, 2),
                review_due=_day(review_due),
            )
        made = max(1, made // 2)
    if victim.reviewed is not None:
        services.safety_plan_review(actor=worker, plan=plan, next_review=_day(victim.reviewed))


def _domestic_violence(team: Team, rng: random.Random) -> tuple[int, list[tuple]]:
    cases = {}
    calls = 0
    for victim in VICTIMS:
        case = _victim_case(team, rng, victim)
        calls += victim.call is not None
        cases[victim.key] = case
        _protect(team, rng, victim, case)
        if victim.granted:
            _grant(team, case, "domestic_violence_victims", victim.opened - 1, NEEDS)
    repeat = [(cases[key], days_ago, note) for key, days_ago, note in REPEAT_CALLS]
    return calls, repeat


def _other_calls_opened(team: Team, rng: random.Random) -> int:
    """A sister abroad (trafficking) and a migrant without papers: opened, awaiting work."""
    for days_ago, topic, values in [
        (20, Topic.TRAFFICKING, dict(caller_type=Caller.RELATIVE, language=Language.RU,
                                     note="Сестру увезли на работу в Турцию, паспорт забрали, "
                                          "на связь выходит редко.")),
        (15, Topic.MIGRATION, dict(caller_type=Caller.SELF, language=Language.OTHER,
                                   note="Звонил на узбекском: работодатель не отдаёт документы "
                                        "и зарплату за три месяца.")),
    ]:  # fmt: skip
        call = _log(team, rng, _moment(days_ago, 19), topic, anonymous=False, **values)
        with _dated(call.received_at):
            services.call_open_case(actor=team.operator, call=call, lead_worker=team.caseworker)
    return 2


# Trafficking screenings


@dataclass
class Screened:
    place: str
    days_ago: int
    screener: str  # "caseworker" or "operator"
    sex: str
    citizenship: str
    yes: list[str]
    outcome: str  # awaiting, in_identification, identified, approved, not_identified, closed
    person: tuple | None = None  # given name, family name, age
    identification: dict = field(default_factory=dict)
    age_group: str = Screening.AgeGroup.ADULT


SCREENED = [
    Screened(Place.BORDER, 2, "caseworker", "male", "UZ",
             ["withholds_documents", "debt_bondage", "false_promises"], "awaiting"),
    Screened(Place.NGO, 1, "operator", "female", "KZ",
             ["sexual_abuse", "threats", "restricts_movement"], "awaiting",
             age_group=Screening.AgeGroup.UNKNOWN),
    Screened(Place.LABOUR_INSPECTION, 5, "operator", "male", "TJ",
             ["no_or_withheld_pay", "lives_at_workplace", "excessive_working_hours",
              "withholds_documents"], "in_identification"),
    Screened(Place.LABOUR_INSPECTION, 26, "caseworker", "male", "KZ",
             ["no_or_withheld_pay", "withholds_documents", "lives_at_workplace",
              "excessive_working_hours", "debt_bondage"], "approved",
             person=("Бауыржан", "Жақсылықов", 44),
             identification=dict(
                 deciding_body="Департамент полиции г. Астаны",
                 exploitation_types=[Exploitation.FORCED_LABOUR],
                 labour_industry=htcds.LabourIndustry.A, scope=Scope.DOMESTIC)),
    Screened(Place.BORDER, 28, "caseworker", "female", "KG",
             ["withholds_documents", "restricts_movement", "isolation", "no_or_withheld_pay"],
             "approved", person=("Гүлнар", "Tursunova", 23),
             identification=dict(
                 deciding_body="Пограничная служба КНБ, пункт пропуска «Астана-аэропорт»",
                 exploitation_types=[Exploitation.FORCED_LABOUR,
                                     Exploitation.DOMESTIC_SERVITUDE],
                 labour_industry=htcds.LabourIndustry.T, scope=Scope.CROSS_BORDER,
                 country_of_exploitation="RU")),
    Screened(Place.HOTLINE, 21, "operator", "female", "KZ",
             ["false_promises", "sexual_abuse", "withholds_documents", "restricts_movement"],
             "identified", person=("Камила", "Садыкова", 20),
             identification=dict(
                 deciding_body="Департамент полиции г. Астаны",
                 exploitation_types=[Exploitation.SEXUAL], scope=Scope.CROSS_BORDER,
                 country_of_exploitation="AE")),
    Screened(Place.DETENTION, 16, "caseworker", "male", "KZ",
             ["psychoactive_substances", "threats", "takes_earnings"], "closed",
             identification=dict(
                 deciding_body="Департамент полиции г. Астаны",
                 trafficking_status=Status.NOT_A_VICTIM, scope=Scope.DOMESTIC)),
    Screened(Place.NGO, 12, "caseworker", "female", "KZ",
             ["false_promises", "travel_paid_by_employer", "isolation", "threats"],
             "not_identified",
             identification=dict(
                 deciding_body="Департамент полиции г. Астаны",
                 trafficking_status=Status.POSSIBLE, scope=Scope.CROSS_BORDER,
                 country_of_exploitation="TR")),
]  # fmt: skip
BELOW_PLACES = [
    Place.BORDER,
    Place.DETENTION,
    Place.LABOUR_INSPECTION,
    Place.NGO,
    Place.HOTLINE,
    Place.OTHER,
]
SCREENED_CITIZENSHIP = ["KZ", "KZ", "KZ", "UZ", "KG", "TJ", "AF", "unknown"]


def _screening_answers(
    rng: random.Random, weights: dict[str, int], threshold: int, yes: Iterable[str] = ()
) -> dict[str, str]:
    """Answers reaching the threshold with `yes` (topped up at random if short), or, without
    `yes`, a few yes answers staying below it. Some indicators are left out (unknown)."""
    chosen = [code for code in yes if code in weights]
    score = sum(weights[code] for code in chosen)
    others = [code for code in weights if code not in chosen]
    rng.shuffle(others)
    if chosen:
        for code in others:
            if score >= threshold:
                break
            chosen.append(code)
            score += weights[code]
    else:
        wanted = rng.randint(0, 3)
        for code in others:
            if len(chosen) >= wanted:
                break
            if score + weights[code] < threshold:
                chosen.append(code)
                score += weights[code]
    answers = {}
    for code in weights:
        draw = rng.random()
        if code in chosen:
            answers[code] = "yes"
        elif draw < 0.65:
            answers[code] = "no"
        elif draw < 0.85:
            answers[code] = "unknown"
    return answers


def _below_threshold(
    rng: random.Random,
    weights: dict[str, int],
    count: int,
    organisation: Organisation,
    screeners: list[User],
    regions: list[Region],
    places: list[str],
) -> int:
    for index in range(count):
        services.screening_record(
            actor=screeners[index % len(screeners)],
            organisation=organisation,
            place=places[index % len(places)],
            answers=_screening_answers(rng, weights, organisation.screening_threshold),
            region=rng.choice(regions),
            screened_at=_moment(rng.randint(1, 30), rng.randint(8, 18), rng.choice([0, 30])),
            sex=rng.choice(["female", "male", "male", "unknown"]),
            age_group=rng.choices(list(Screening.AgeGroup.values), weights=[1, 6, 2])[0],
            citizenship=rng.choice(SCREENED_CITIZENSHIP),
        )
    return count


def _screened(
    team: Team, rng: random.Random, weights: dict[str, int], screened: Screened
) -> Screening:
    screener = getattr(team, screened.screener)
    screened_at = _moment(screened.days_ago, rng.randint(8, 18), rng.choice([0, 15, 30, 45]))
    screening = services.screening_record(
        actor=screener,
        organisation=team.organisation,
        place=screened.place,
        answers=_screening_answers(
            rng, weights, team.organisation.screening_threshold, screened.yes
        ),
        screened_at=screened_at,
        sex=screened.sex,
        age_group=screened.age_group,
        citizenship=screened.citizenship,
    )
    if screened.outcome == "awaiting":
        return screening
    person = None
    if screened.person:
        given, family, age = screened.person
        person = _person(
            team, given, family, age, sex=screened.sex, citizenship=screened.citizenship
        )
    with _dated(screened_at + dt.timedelta(hours=2)):
        case = services.screening_open_case(
            actor=screener, screening=screening, person=person, lead_worker=team.caseworker
        )
    if screened.outcome == "in_identification":
        return screening
    decided = max(1, screened.days_ago - rng.randint(2, 5))
    facts = dict(screened.identification)
    identified = screened.outcome in ("identified", "approved")
    facts.setdefault("trafficking_status", Status.ACTUAL)
    with _dated(_moment(decided, 15)):
        identification = services.identification_record(
            actor=team.caseworker,
            case=case,
            decision=Decision.IDENTIFIED if identified else Decision.NOT_IDENTIFIED,
            decided_on=_day(-decided),
            **facts,
        )
    if identification.eligibility_decision is not None:
        EligibilityDecision.objects.filter(pk=identification.eligibility_decision_id).update(
            decided_on=_day(-decided)
        )
    if screened.outcome == "approved":
        _approve_and_plan(team, case, identification.eligibility_decision, max(1, decided - 1))
    elif screened.outcome == "closed":
        closure = case_services.closure_request(
            actor=team.caseworker,
            case=case,
            outcome="not_eligible",
            reason="Не признан жертвой торговли людьми; направлен за бесплатной юридической "
            "помощью.",
        )
        case_services.closure_approve(actor=team.supervisor, closure=closure)
    return screening


def _screenings(team: Team, rng: random.Random, scale: float) -> int:
    weights = {
        code: weight
        for code, weight in services.indicators_in_force(timezone.localdate()).values_list(
            "code", "weight"
        )
    }
    for screened in SCREENED:
        _screened(team, rng, weights, screened)
    count = len(SCREENED) + _below_threshold(
        rng,
        weights,
        max(len(BELOW_PLACES), round(BELOW_THRESHOLD * scale)),
        team.organisation,
        [team.caseworker, team.operator],
        team.regions,
        rng.sample(BELOW_PLACES, len(BELOW_PLACES)),
    )
    akzhol = Organisation.objects.filter(code="akzhol-crisis-centre").first()
    worker = User.objects.filter(username="akzhol-crisis-centre-caseworker").first()
    if akzhol is not None and worker is not None:
        count += _below_threshold(
            rng,
            weights,
            max(1, round(BELOW_THRESHOLD_ELSEWHERE * scale)),
            akzhol,
            [worker],
            list(akzhol.regions_served.order_by("code")),
            [Place.NGO, Place.OTHER],
        )
    return count


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

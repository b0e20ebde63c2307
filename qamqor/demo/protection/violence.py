"""Demo domestic-violence cases: risk, orders, safety plans."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from qamqor.cases import services as case_services
from qamqor.cases.models import Case
from qamqor.demo.protection.calls import _log
from qamqor.demo.protection.common import (
    RISK_FILLER,
    Caller,
    Kind,
    Language,
    Liability,
    Reporter,
    Response,
    Team,
    Topic,
    _after_opening,
    _dated,
    _day,
    _grant,
    _moment,
    _person,
)
from qamqor.protection import risk, services

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

"""Demo trafficking screenings."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from qamqor.accounts.models import Organisation, User
from qamqor.cases import services as case_services
from qamqor.cases.models import EligibilityDecision
from qamqor.catalog.models import Region
from qamqor.demo.protection.common import (
    BELOW_THRESHOLD,
    BELOW_THRESHOLD_ELSEWHERE,
    Decision,
    Exploitation,
    Place,
    Scope,
    Status,
    Team,
    _approve_and_plan,
    _dated,
    _day,
    _moment,
    _person,
)
from qamqor.protection import htcds, services
from qamqor.protection.models import (
    Screening,
)

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

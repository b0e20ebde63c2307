"""Demo persons and cases, made through the same services the app uses.

A few hundred persons across the demo providers' regions and the at-risk groups, many
without an IIN or residence registration; cases at every stage, refusals with different
reasons (documentation-related ones among them), plans, services, referrals and shelter stays;
and one full trafficking case from a border referral to closure. Built once: when the demo
organisations already have cases, nothing is added. Random choices use a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.services import membership_grant
from qamqor.cases import planning, referrals, services, shelter
from qamqor.cases.models import Case, CaseEvent, EligibilityDecision, Intake
from qamqor.catalog.models import AtRiskGroup, RefusalReason, Region, ServiceType
from qamqor.core.access import Role
from qamqor.people.iin import check_digit
from qamqor.people.services import person_create
from qamqor.providers.models import Facility
from qamqor.providers.selectors import may_provide

SEED = 2026
# organisation code → number of cases
CASELOADS = {
    "astana-centre": 140,
    "akzhol-crisis-centre": 90,
    "shymkent-family-support": 60,
    "karaganda-care": 30,
}
GROUP_WEIGHTS = {
    "domestic_violence_victims": 16,
    "violence_victims": 8,
    "trafficking_victims": 6,
    "homeless": 10,
    "disability": 10,
    "elderly": 10,
    "migrants": 8,
    "orphans": 4,
    "children_parents_deprived": 3,
    "children_behaviour": 5,
    "children_developmental_delay": 3,
    "mental_disability": 4,
    "serious_disease": 4,
    "ex_prisoners": 5,
    "eviction": 4,
}
REFUSALS = [
    "no_residence_registration",
    "no_iin",
    "no_identity_document",
    "no_citizenship",
    "not_in_target_group",
    "no_difficult_circumstances",
    "no_capacity",
    "person_declined",
]
CHANNELS = ["walk_in", "hotline", "police", "health", "school", "ngo", "outreach", "border"]
FEMALE = ["Айгерім", "Aigerim", "Дана", "Dana", "Мадина", "Гүлнар", "Гульнара", "Saule",
          "Әсем", "Асель", "Жанна", "Zhanna", "Ольга", "Татьяна", "Камила", "Dilnoza",
          "Нигора"]  # fmt: skip
MALE = ["Нұрлан", "Нурлан", "Nurlan", "Ерлан", "Yerlan", "Данияр", "Арман", "Бауыржан",
        "Тимур", "Сергей", "Дмитрий", "Азамат", "Rustam", "Жандос", "Farkhod",
        "Қайрат"]  # fmt: skip
FAMILY = ["Сейітов", "Seitov", "Ахметов", "Akhmetov", "Омаров", "Нұрпейісов", "Қасымов",
          "Kasymov", "Жақсылықов", "Иванов", "Ким", "Абдуллаев", "Исаков", "Tursunov",
          "Бекова", "Серікова", "Петрова", "Ismoilova", "Садыкова"]  # fmt: skip
CITIZENSHIP = ["KZ"] * 16 + ["UZ", "KG", "TJ", "RU", "AF", "stateless", "unknown"]


@dataclass
class Staff:
    organisation: Organisation
    worker: User
    supervisor: User


def _staff(organisations: dict[str, Organisation]) -> dict[str, Staff]:
    """The demo users for the Astana centre; unlisted staff (who cannot log in) elsewhere."""
    result = {
        "astana-centre": Staff(
            organisations["astana-centre"],
            User.objects.get(username="caseworker"),
            User.objects.get(username="supervisor"),
        )
    }
    for code in CASELOADS:
        if code in result:
            continue
        people = []
        for role in (Role.CASEWORKER, Role.SUPERVISOR):
            user, _created = User.objects.get_or_create(
                username=f"{code}-{role.value}", defaults={"first_name": code.split("-")[0].title()}
            )
            if _created:
                user.set_unusable_password()
                user.save()
            membership_grant(actor=None, user=user, organisation=organisations[code], role=role)
            people.append(user)
        result[code] = Staff(organisations[code], *people)
    return result


def _iin(birth_date: dt.date, sex: str, rng: random.Random) -> str:
    century = {18: (1, 2), 19: (3, 4), 20: (5, 6)}[birth_date.year // 100]
    seventh = century[0] if sex == "male" else century[1]
    for _attempt in range(20):
        first = f"{birth_date:%y%m%d}{seventh}{rng.randrange(10000):04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
    return ""


def _person(staff: Staff, group: AtRiskGroup, region: Region, rng: random.Random):
    sex = rng.choice(["female", "male"])
    if group.code in ("domestic_violence_victims", "violence_victims"):
        sex = "female" if rng.random() < 0.85 else sex
    if group.children:
        age = rng.randint(2, 16)
    elif group.code == "elderly":
        age = rng.randint(65, 90)
    else:
        age = rng.randint(18, 60)
    today = timezone.localdate()
    birth_date = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    migrant = group.code in ("migrants", "trafficking_victims") and rng.random() < 0.6
    citizenship = (
        rng.choice(["UZ", "KG", "TJ", "AF", "stateless"]) if migrant else rng.choice(CITIZENSHIP)
    )
    has_iin = citizenship == "KZ" and rng.random() < 0.75
    exact_birth_date = rng.random() < 0.7
    values = {
        "given_name": rng.choice(FEMALE if sex == "female" else MALE),
        "family_name": rng.choice(FAMILY) if rng.random() < 0.85 else "",
        "sex": sex,
        "citizenship": citizenship,
        "residence_registration": rng.choices(
            ["registered", "not_registered", "unknown"],
            weights=[2, 8, 1] if migrant or group.code == "homeless" else [8, 2, 1],
        )[0],
        "languages": rng.choice(["kk, ru", "ru", "kk", "uz, ru", "ky, ru"]),
        "region": region,
    }
    if exact_birth_date:
        values["birth_date"] = birth_date
    if has_iin:
        values["iin"] = _iin(birth_date, sex, rng)
        values["birth_date"] = birth_date
    return person_create(
        actor=staff.worker,
        organisation=staff.organisation,
        age=None if "birth_date" in values else age,
        **values,
    ).person


def _backdate(case: Case, opened: dt.datetime) -> None:
    """Move the case to the day it was opened; its events follow an hour apart."""
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    Intake.objects.filter(pk=case.intake_id).update(received_at=opened)
    for hours, pk in enumerate(
        CaseEvent.objects.filter(case=case).order_by("pk").values_list("pk", flat=True)
    ):
        CaseEvent.objects.filter(pk=pk).update(at=opened + dt.timedelta(hours=hours))


def _deliver(case: Case, staff: Staff, rng: random.Random, opened: dt.date) -> None:
    today = timezone.localdate()
    plan = case.plans.filter(is_current=True).first()
    if plan is None:
        return
    for item in plan.items.filter(provider=staff.organisation):
        for visit in range(rng.randint(1, 3)):
            delay = rng.randint(
                0, (item.standard.days_to_first_service if item.standard else 5) + 4
            )
            day = min(opened + dt.timedelta(days=delay + visit * 7), today)
            if not may_provide(
                organisation=staff.organisation,
                service_type=item.service_type,
                region=case.region,
                on=day,
            ):
                continue  # e.g. while the provider's certification was suspended
            planning.delivery_record(
                actor=staff.worker,
                case=case,
                service_type=item.service_type,
                provider=staff.organisation,
                delivered_on=day,
                units=1,
                outcome=rng.choices(["completed", "partial", "no_show"], weights=[8, 1, 1])[0],
                plan_item=item,
            )


def _one_case(staff: Staff, group: AtRiskGroup, rng: random.Random, refusals) -> Case:
    today = timezone.localdate()
    region = rng.choice(list(staff.organisation.regions_served.all()))
    opened = today - dt.timedelta(days=rng.randint(10, 330))
    person = _person(staff, group, region, rng)
    intake = services.intake_create(
        actor=staff.worker,
        organisation=staff.organisation,
        channel=rng.choice(CHANNELS),
        region=region,
        immediate_risk=rng.choices(["none", "low", "medium", "high"], weights=[4, 3, 2, 1])[0],
        person=person,
    )
    case = services.case_open(actor=staff.worker, intake=intake, person=person, groups=[group])
    stage = rng.choices(
        ["intake", "assessment", "pending", "refused", "active", "closed"],
        weights=[6, 6, 6, 12, 45, 25],
    )[0]
    if stage != "intake":
        services.case_start_assessment(actor=staff.worker, case=case)
        planning.assessment_record(
            actor=staff.worker,
            case=case,
            needs={
                domain: (rng.randint(0, 4), "")
                for domain in rng.sample(
                    [
                        "safety",
                        "health",
                        "housing",
                        "legal_status",
                        "income",
                        "education",
                        "family",
                    ],
                    3,
                )  # fmt: skip
            },
        )
    if stage in ("pending", "refused", "active", "closed"):
        refused = stage == "refused"
        decision = services.decision_record(
            actor=staff.worker,
            case=case,
            group=group,
            outcome="refused" if refused else "granted",
            refusal_reason=rng.choice(refusals) if refused else None,
        )
        EligibilityDecision.objects.filter(pk=decision.pk).update(
            decided_on=opened + dt.timedelta(days=rng.randint(0, 5))
        )
        if stage != "pending":
            services.decision_approve(actor=staff.supervisor, decision=decision)
    case.refresh_from_db()
    if stage in ("active", "closed") and case.status == Case.Status.ACTIVE:
        proposal = planning.propose_plan(case, on=opened)
        provided = [item for item in proposal if item.provider is not None]
        planning.plan_create(actor=staff.worker, case=case, items=provided or proposal)
        _deliver(case, staff, rng, opened)
    if stage in ("refused", "closed"):
        closure = services.closure_request(
            actor=staff.worker,
            case=case,
            outcome="not_eligible"
            if stage == "refused"
            else rng.choice(["goals_met", "partly_met", "declined", "moved", "no_contact"]),
            reason="Demo",
        )
        services.closure_approve(actor=staff.supervisor, closure=closure)
    _backdate(case, timezone.make_aware(dt.datetime.combine(opened, dt.time(10, 0))))
    return case


def _trafficking_case(staff: dict[str, Staff]) -> Case:
    """A man found at the border without documents: identified, sheltered, referred, closed."""
    astana, akzhol = staff["astana-centre"], staff["akzhol-crisis-centre"]
    worker, supervisor = astana.worker, astana.supervisor
    today = timezone.localdate()
    region = Region.objects.get(code="KZ-71")
    group = AtRiskGroup.objects.get(code="trafficking_victims")
    person = person_create(
        actor=worker,
        organisation=astana.organisation,
        given_name="Нурлан",
        age=27,
        sex="male",
        citizenship="UZ",
        residence_registration="not_registered",
        languages="uz, ru",
        region=region,
    ).person
    intake = services.intake_create(
        actor=worker,
        organisation=astana.organisation,
        channel="border",
        region=region,
        immediate_risk="high",
        presenting_problem="Found at the border without documents; says his passport is held "
        "by an employer on a construction site.",
        person=person,
    )
    case = services.case_open(actor=worker, intake=intake, person=person, groups=[group])
    services.case_start_assessment(actor=worker, case=case)
    planning.assessment_record(
        actor=worker,
        case=case,
        needs={"safety": (4, ""), "legal_status": (4, "No passport"), "housing": (3, "")},
    )
    decision = services.decision_record(actor=worker, case=case, group=group, outcome="granted")
    services.decision_approve(actor=supervisor, decision=decision)
    case.refresh_from_db()
    planning.plan_create(actor=worker, case=case, items=planning.propose_plan(case))
    start = today - dt.timedelta(days=20)
    stay = shelter.stay_admit(
        actor=worker,
        case=case,
        facility=Facility.objects.get(
            organisation=astana.organisation, name="Astana temporary shelter"
        ),
        admitted_on=start,
        reason="No safe place to stay",
    )
    psychological = ServiceType.objects.get(code="social_psychological")
    for day in (start, start + dt.timedelta(days=7)):
        planning.delivery_record(
            actor=worker,
            case=case,
            service_type=psychological,
            provider=astana.organisation,
            delivered_on=day,
            units=1,
            plan_item=planning.plan_item_for(case, psychological),
        )
    services.consent_record(
        actor=worker,
        case=case,
        categories=["identity", "services", "plan"],
        recipient=akzhol.organisation,
        given_on=start,
        valid_until=today + dt.timedelta(days=180),
    )
    referral = referrals.referral_send(
        actor=worker,
        case=case,
        to_organisation=akzhol.organisation,
        service_type=ServiceType.objects.get(code="social_legal"),
        reason="Legal aid to recover the passport and for the criminal case",
        shared=["identity", "services", "plan"],
    )
    referrals.referral_accept(actor=akzhol.worker, referral=referral)
    shelter.stay_discharge(
        actor=worker, stay=stay, discharged_on=today - dt.timedelta(days=2), reason="Returned home"
    )
    closure = services.closure_request(
        actor=worker, case=case, outcome="goals_met", reason="Returned home safely with documents"
    )
    services.closure_approve(actor=supervisor, closure=closure)
    return case


@transaction.atomic
def build_cases(scale: float = 1.0) -> int:
    """Make the demo cases unless the demo organisations have some; return how many exist.
    `scale` shrinks or grows the case loads (tests use a small one)."""
    organisations = {org.code: org for org in Organisation.objects.filter(code__in=CASELOADS)}
    existing = Case.objects.filter(organisation__in=organisations.values())
    if existing.exists():
        return existing.count()
    rng = random.Random(SEED)  # noqa: S311 - demo data, repeatable on purpose
    staff = _staff(organisations)
    groups = {group.code: group for group in AtRiskGroup.objects.filter(code__in=GROUP_WEIGHTS)}
    codes, weights = zip(*GROUP_WEIGHTS.items(), strict=True)
    refusals = list(RefusalReason.objects.filter(code__in=REFUSALS))
    for code, count in CASELOADS.items():
        for _ in range(max(1, round(count * scale))):
            group = groups[rng.choices(codes, weights=weights)[0]]
            _one_case(staff[code], group, rng, refusals)
    _trafficking_case(staff)
    return existing.count()

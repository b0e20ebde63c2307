"""Demo organisations, providers and one user per role.

Everything is created once and found again by its natural key on later runs, so running the
demo twice changes nothing. Passwords are random, chosen when a demo user is first created,
and kept in the data folder so that every run can print them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.services import membership_grant
from qamqor.catalog.models import AtRiskGroup, Region, ServiceType
from qamqor.core.access import Role
from qamqor.providers.models import Certification, CertificationSuspension, Facility, Funding

K = Organisation.Kind

# code, kind, home region, regions served, is provider, names (kk, ru, en)
ORGANISATIONS = [
    (
        "astana-centre",
        K.STATE_BODY,
        "KZ-71",
        ["KZ-71", "KZ-11"],
        True,
        (
            "Астана қаласының арнаулы әлеуметтік қызметтер орталығы",
            "Центр специальных социальных услуг города Астаны",
            "Astana Centre for Special Social Services",
        ),
    ),
    (
        "ministry",
        K.STATE_BODY,
        "KZ-71",
        [],
        False,
        (
            "Еңбек және халықты әлеуметтік қорғау министрлігі",
            "Министерство труда и социальной защиты населения",
            "Ministry of Labour and Social Protection of the Population",
        ),
    ),
    (
        "akzhol-crisis-centre",
        K.NGO,
        "KZ-75",
        ["KZ-75", "KZ-19", "KZ-33"],
        True,
        (
            "«Ақжол» дағдарыс орталығы",
            "Кризисный центр «Акжол»",
            "Akzhol Crisis Centre",
        ),
    ),
    (
        "shymkent-family-support",
        K.NGO,
        "KZ-79",
        ["KZ-79", "KZ-61"],
        True,
        (
            "«Отбасына қолдау» қоғамдық бірлестігі",
            "Общественное объединение «Поддержка семьи»",
            "Family Support Public Association",
        ),
    ),
    (
        "karaganda-care",
        K.NGO,
        "KZ-35",
        ["KZ-35", "KZ-62"],
        True,
        (
            "«Қамқорлық» қоғамдық қоры",
            "Общественный фонд «Забота»",
            "Care Public Foundation",
        ),
    ),
    (
        "border-service",
        K.BORDER_SERVICE,
        "KZ-71",
        [],
        False,
        (
            "ҰҚК Шекара қызметі",
            "Пограничная служба КНБ",
            "Border Service of the National Security Committee",
        ),
    ),
]

USERS = [
    # username (= role code), organisation, first name, last name, preferred language
    (Role.OPERATOR, "astana-centre", "Aigerim", "Sultanova", "kk"),
    (Role.CASEWORKER, "astana-centre", "Dana", "Akhmetova", "ru"),
    (Role.SUPERVISOR, "astana-centre", "Nurlan", "Bekov", "ru"),
    (Role.PROVIDER_MANAGER, "astana-centre", "Saule", "Omarova", "kk"),
    (Role.CERTIFIER, "ministry", "Yerlan", "Kassymov", "ru"),
    (Role.ANALYST, "ministry", "Madina", "Zhaksylykova", "en"),
    (Role.AUDITOR, "ministry", "Timur", "Iskakov", "ru"),
    (Role.ADMIN, "ministry", "Asel", "Nurpeisova", "en"),
]

# organisation, number, service types, valid from (years before today), years, state
CERTIFICATIONS = [
    (
        "astana-centre",
        "SSU-71-0001",
        ["social_psychological", "social_legal", "social_medical", "social_household", "shelter"],
        1,
        3,
        "in_force",
    ),
    (
        "akzhol-crisis-centre",
        "SSU-75-0142",
        ["social_psychological", "social_legal", "shelter", "hotline"],
        1,
        3,
        "in_force",
    ),
    (
        "shymkent-family-support",
        "SSU-79-0057",
        ["social_psychological", "social_pedagogical", "social_legal"],
        2,
        3,
        "suspended",
    ),
    ("karaganda-care", "SSU-35-0311", ["social_household", "social_medical"], 4, 3, "expired"),
    ("karaganda-care", "SSU-35-0420", ["social_labour"], 1, 2, "revoked"),
]

# organisation, name, kind, region, beds, groups served
FACILITIES = [
    (
        "astana-centre",
        "Astana temporary shelter",
        Facility.Kind.SHELTER,
        "KZ-71",
        24,
        ["trafficking_victims", "violence_victims", "domestic_violence_victims"],
    ),
    (
        "astana-centre",
        "Astana day centre",
        Facility.Kind.DAY_CENTRE,
        "KZ-71",
        0,
        ["disability", "elderly"],
    ),
    (
        "akzhol-crisis-centre",
        "Akzhol crisis centre",
        Facility.Kind.CRISIS_CENTRE,
        "KZ-75",
        16,
        ["domestic_violence_victims", "violence_victims", "trafficking_victims"],
    ),
    (
        "shymkent-family-support",
        "Shymkent family support office",
        Facility.Kind.OFFICE,
        "KZ-79",
        0,
        ["children_behaviour", "domestic_violence_victims"],
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str


def _passwords_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.json"


def _read_passwords() -> dict[str, str]:
    path = _passwords_file()
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _write_passwords(passwords: dict[str, str]) -> None:
    path = _passwords_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(passwords, handle, indent=2)


def _organisations() -> dict[str, Organisation]:
    regions = {region.code: region for region in Region.objects.all()}
    result = {}
    for code, kind, home, served, is_provider, (name_kk, name_ru, name_en) in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "region": regions[home],
                "is_provider": is_provider,
                "name_kk": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
            },
        )
        if created:
            organisation.regions_served.set([regions[region] for region in served])
        result[code] = organisation
    return result


def _users(organisations: dict[str, Organisation]) -> list[DemoLogin]:
    passwords = _read_passwords()
    logins = []
    for role, organisation_code, first_name, last_name, language in USERS:
        user = User.objects.filter(username=role.value).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = User(
                username=role.value, first_name=first_name, last_name=last_name, language=language
            )
            user.set_password(password)
            user.save()
            passwords[role.value] = password
        membership_grant(
            actor=None, user=user, organisation=organisations[organisation_code], role=role
        )
        logins.append(
            DemoLogin(
                role.value,
                passwords.get(role.value, "(set before this data folder)"),
                role.label,
                organisations[organisation_code].name,
            )
        )
    _write_passwords(passwords)
    return logins


def _add_years(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _certifications(organisations: dict[str, Organisation], today: dt.date) -> None:
    service_types = {service.code: service for service in ServiceType.objects.all()}
    ministry = organisations["ministry"]
    for code, number, types, started, years, state in CERTIFICATIONS:
        if Certification.objects.filter(number=number).exists():
            continue
        valid_from = _add_years(today, -started)
        certification = Certification.objects.create(
            organisation=organisations[code],
            number=number,
            issued_by=ministry,
            valid_from=valid_from,
            valid_until=_add_years(valid_from, years) - dt.timedelta(days=1),
        )
        certification.service_types.set([service_types[service] for service in types])
        if state == "suspended":
            CertificationSuspension.objects.create(
                certification=certification,
                suspended_from=today - dt.timedelta(days=20),
                reason="Inspection found no licensed psychologist on staff",
            )
        elif state == "revoked":
            certification.revoked_on = today - dt.timedelta(days=90)
            certification.revocation_reason = "Repeated breaches of the service standard"
            certification.save(update_fields=["revoked_on", "revocation_reason"])


def _facilities(organisations: dict[str, Organisation]) -> None:
    regions = {region.code: region for region in Region.objects.all()}
    groups = {group.code: group for group in AtRiskGroup.objects.all()}
    for code, name, kind, region, beds, served in FACILITIES:
        facility, created = Facility.objects.get_or_create(
            organisation=organisations[code],
            name=name,
            defaults={"kind": kind, "region": regions[region], "bed_capacity": beds},
        )
        if created:
            facility.groups_served.set([groups[group] for group in served])


def _funding(organisations: dict[str, Organisation], today: dt.date) -> None:
    rows = [
        ("astana-centre", Funding.Source.STATE_SOCIAL_ORDER, "Akimat of Astana", 184_500_000),
        ("akzhol-crisis-centre", Funding.Source.STATE_SOCIAL_ORDER, "Akimat of Almaty", 42_000_000),
        ("akzhol-crisis-centre", Funding.Source.INTERNATIONAL, "IOM", 9_800_000),
        (
            "shymkent-family-support",
            Funding.Source.GRANT,
            "Civil Society Support Centre",
            6_500_000,
        ),
        ("karaganda-care", Funding.Source.OWN, "", None),
    ]
    for code, source, funder, amount in rows:
        Funding.objects.get_or_create(
            organisation=organisations[code],
            source=source,
            year=today.year,
            funder=funder,
            defaults={"amount_kzt": amount},
        )


@transaction.atomic
def build_foundation() -> list[DemoLogin]:
    today = timezone.localdate()
    organisations = _organisations()
    logins = _users(organisations)
    _certifications(organisations, today)
    _facilities(organisations)
    _funding(organisations, today)
    return logins

"""A case of organisation A about a person with every fact recorded, and two other
organisations, B and C, that a referral may reach: the ground of the findings of issue 8."""

import datetime as dt

import pytest
from django.utils import timezone

from qamqor.cases import referrals, services
from qamqor.core.access import Role
from qamqor.people.services import person_create
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory

SECRET_PHONE = "+77015550199"
SECRET_ADDRESS = "Kabanbay batyr 11, flat 7"
SECRET_IIN = "900515301234"


@pytest.fixture
def world(catalog):
    """Organisations A (owner), B and C; a lead worker and a supervisor in each, an operator
    in B; an active case of A about a person with names, IIN, phone and address, with a
    consent (valid for a year) allowing every category to be shared with anyone."""
    orgs = {name: OrganisationFactory(code=f"org-{name.lower()}") for name in "ABC"}
    users = {}
    for name, organisation in orgs.items():
        for role in (Role.CASEWORKER, Role.SUPERVISOR, Role.OPERATOR):
            users[f"{name}_{role.value}"] = MembershipFactory(
                organisation=organisation, role=role
            ).user
    person = person_create(
        actor=users["A_caseworker"],
        organisation=orgs["A"],
        given_name="Zhanar",
        family_name="Secretova",
        iin=SECRET_IIN,
        phone=SECRET_PHONE,
        address=SECRET_ADDRESS,
    ).person
    case = CaseFactory(
        organisation=orgs["A"], person=person, lead_worker=users["A_caseworker"], restricted=True
    )
    today = timezone.localdate()
    consent = services.consent_record(
        actor=users["A_caseworker"],
        case=case,
        categories=["identity", "contacts", "assessment", "plan", "services", "shelter"],
        given_on=today,
        valid_until=today + dt.timedelta(days=365),
    )
    return {"orgs": orgs, "users": users, "person": person, "case": case, "consent": consent}


def refer(world, to: str, shared, *, accept=True):
    """A referral of the world's case to organisation `to`, accepted by its case worker."""
    referral = referrals.referral_send(
        actor=world["users"]["A_caseworker"],
        case=world["case"],
        to_organisation=world["orgs"][to],
        reason="needs help",
        shared=shared,
    )
    if accept:
        referral = referrals.referral_accept(
            actor=world["users"][f"{to}_caseworker"], referral=referral
        )
    return referral


def shows_contacts(content: bytes | str) -> bool:
    text = content.decode() if isinstance(content, bytes) else content
    return SECRET_PHONE in text or SECRET_ADDRESS in text


def shows_identity(content: bytes | str) -> bool:
    text = content.decode() if isinstance(content, bytes) else content
    return "Secretova" in text or SECRET_IIN in text

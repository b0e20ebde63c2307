"""Need to know: who reaches a case, and how far.

Scenario table: for an unrestricted and a restricted case of own-org, which users see it
in full (F), through an accepted referral (R), or not at all (-)."""

import datetime as dt

import pytest
from django.utils import timezone

from qamqor.cases import selectors
from qamqor.cases.access import find_case
from qamqor.cases.models import CaseAssignment, Intake, Referral
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.people.models import Person
from tests.factories import (
    CaseAssignmentFactory,
    CaseFactory,
    ConsentFactory,
    IntakeFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
)

SCENARIOS = """
user                     open  restricted
lead                     F     F
assigned                 F     F
caseworker               F     -
operator                 F     -
supervisor               F     F
provider_manager         -     -
analyst                  -     -
admin                    -     -
auditor                  -     -
certifier                -     -
other_caseworker         -     -
other_supervisor         -     -
referral_assignee        R     R
referral_supervisor      R     R
referral_caseworker      -     -
"""


def _scenarios():
    header, *rows = [line.split() for line in SCENARIOS.strip().splitlines()]
    return [
        (row[0], kind, cell) for row in rows for kind, cell in zip(header[1:], row[1:], strict=True)
    ]


@pytest.fixture
def people(org, other_org):
    def make(role, organisation):
        return MembershipFactory(role=role, organisation=organisation).user

    users = {
        "lead": make(Role.CASEWORKER, org),
        "assigned": make(Role.CASEWORKER, org),
        "caseworker": make(Role.CASEWORKER, org),
        "operator": make(Role.OPERATOR, org),
        "supervisor": make(Role.SUPERVISOR, org),
        "other_caseworker": make(Role.CASEWORKER, other_org),
        "other_supervisor": make(Role.SUPERVISOR, other_org),
    }
    for role in ("provider_manager", "analyst", "admin", "auditor", "certifier"):
        users[role] = make(role, org)
    return users


@pytest.fixture
def cases(org, people, catalog):
    """An unrestricted and a restricted case, each referred to a third organisation and
    accepted there by `referral_assignee`."""
    from tests.factories import OrganisationFactory

    receiver = OrganisationFactory(code="receiver")
    people["referral_assignee"] = MembershipFactory(
        role=Role.CASEWORKER, organisation=receiver
    ).user
    people["referral_supervisor"] = MembershipFactory(
        role=Role.SUPERVISOR, organisation=receiver
    ).user
    people["referral_caseworker"] = MembershipFactory(
        role=Role.CASEWORKER, organisation=receiver
    ).user
    made = {}
    for kind, restricted in (("open", False), ("restricted", True)):
        case = CaseFactory(organisation=org, restricted=restricted, lead_worker=people["lead"])
        CaseAssignmentFactory(case=case, user=people["assigned"], assigned_by=people["lead"])
        ConsentFactory(
            case=case,
            categories="identity",
            given_on=timezone.localdate(),
            valid_until=timezone.localdate() + dt.timedelta(days=30),
            recorded_by=people["lead"],
        )
        ReferralFactory(
            case=case,
            from_organisation=org,
            to_organisation=receiver,
            reason="test",
            shared="identity",
            status=Referral.Status.ACCEPTED,
            sent_by=people["lead"],
            assigned_to=people["referral_assignee"],
            region=case.region,
        )
        made[kind] = case
    return made


@pytest.mark.parametrize(("who", "kind", "expected"), _scenarios())
def test_who_reaches_a_case(people, cases, who, kind, expected):
    user, case = people[who], cases[kind]
    full = access.can(user, Action.VIEW_CASE, case)
    referred = access.can(user, Action.VIEW_REFERRED_CASE, case)
    assert (full, referred and not full) == (expected == "F", expected == "R")
    assert (case in selectors.visible_cases(user)) is full
    view = find_case(user, case.code)
    if expected == "-":
        assert view is None
    else:
        assert view.case == case and view.full is (expected == "F")


@pytest.mark.parametrize(
    ("who", "may_edit"),
    [
        ("lead", True),
        ("assigned", True),
        ("supervisor", True),
        ("caseworker", False),
        ("operator", False),
    ],
)
def test_only_the_lead_assigned_staff_and_supervisors_edit(people, cases, who, may_edit):
    assert access.can(people[who], Action.EDIT_CASE, cases["open"]) is may_edit


def test_a_withdrawn_assignment_or_a_new_lead_takes_access_away(people, cases):
    case = cases["restricted"]
    CaseAssignment.objects.filter(case=case, user=people["assigned"]).update(is_active=False)
    assert not access.can(people["assigned"], Action.VIEW_CASE, case)


def test_a_referral_not_yet_accepted_shows_nothing(people, cases):
    Referral.objects.update(status=Referral.Status.SENT)
    for who in ("referral_assignee", "referral_supervisor"):
        assert find_case(people[who], cases["open"].code) is None


def test_a_person_is_seen_through_a_case_or_by_the_organisation_that_registered_them(
    people, cases, org, other_org
):
    person = cases["restricted"].person
    assert access.can(people["lead"], Action.VIEW_PERSON, person)
    assert not access.can(people["caseworker"], Action.VIEW_PERSON, person)
    assert access.can(people["referral_assignee"], Action.VIEW_PERSON, person)  # identity shared
    assert not access.can(people["other_caseworker"], Action.VIEW_PERSON, person)
    newcomer = PersonFactory(registered_by=org)
    assert access.can(people["operator"], Action.VIEW_PERSON, newcomer)
    assert not access.can(people["other_caseworker"], Action.VIEW_PERSON, newcomer)
    assert not access.can(people["analyst"], Action.VIEW_PERSON, newcomer)
    visible = set(access.scope(people["caseworker"], Action.VIEW_PERSON, Person.objects.all()))
    assert cases["open"].person in visible and person not in visible


def test_referred_identity_is_only_what_the_referral_shares(people, cases):
    Referral.objects.update(shared="services")
    assert not access.can(people["referral_assignee"], Action.VIEW_PERSON, cases["open"].person)


def test_an_intake_is_seen_by_its_organisation_until_a_case_is_opened_from_it(people, cases, org):
    loose = IntakeFactory(organisation=org)
    assert access.can(people["operator"], Action.VIEW_CASE, loose)
    assert not access.can(people["other_caseworker"], Action.VIEW_CASE, loose)
    tied = IntakeFactory(organisation=org)
    cases["restricted"].intake = tied
    cases["restricted"].save()
    assert not access.can(people["operator"], Action.VIEW_CASE, tied)
    assert access.can(people["lead"], Action.VIEW_CASE, tied)
    assert set(access.scope(people["operator"], Action.VIEW_CASE, Intake.objects.all())) == {loose}

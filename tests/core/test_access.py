"""The access policy as a table of roles × actions.

The expected table is written out here, independently of qamqor.core.access.GRANTS, so a
change to who may do what shows up as a failing row. Each cell says how far the action
reaches for a user holding that role in "own-org":
  any   — rows of every organisation
  own   — rows of own-org only
  other — rows of every organisation except own-org
  -     — nothing
Case and person reaches (own_open, assigned, referred…) are checked row by row in
tests/cases/test_access.py; here only whether the role holds the action at all.
"""

import pytest

from qamqor.accounts.models import Membership, Organisation, User
from qamqor.catalog.models import Region
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.providers.models import Certification, Facility, Funding
from tests.factories import (
    CertificationFactory,
    FacilityFactory,
    FundingFactory,
    HotlineCallFactory,
    MembershipFactory,
    ScreeningFactory,
)

EXPECTED = """
action                operator caseworker supervisor provider_manager certifier analyst auditor admin
catalog.view          any      any        any        any              any       any     any     any
catalog.manage        -        -          -          -                -         -       -       any
organisation.view     any      any        any        any              any       any     any     any
organisation.manage   -        -          -          own              -         -       -       any
staff.view            -        -          own        own              -         -       -       any
staff.manage          -        -          -          own              -         -       -       any
users.manage          -        -          -          -                -         -       -       any
certification.view    any      any        any        any              any       -       -       any
certification.manage  -        -          -          -                other     -       -       -
facility.view         any      any        any        any              any       -       -       any
facility.manage       -        -          -          own              -         -       -       any
funding.view          -        -          -          own              any       -       -       any
funding.manage        -        -          -          own              -         -       -       any
admin_site.use        -        -          -          -                -         -       -       any
case.view             own_open own_open   own        -                -         -       -       -
case.create           own      own        own        -                -         -       -       -
case.edit             -        assigned   own        -                -         -       -       -
case.assign           -        -          own        -                -         -       -       -
case.reopen           -        assigned   own        -                -         -       -       -
case.transfer         -        -          own        -                -         -       -       -
decision.approve      -        -          own        -                -         -       -       -
closure.approve       -        -          own        -                -         -       -       -
case.view_referred    -        referred_to_me referred -              -         -       -       -
referral.respond      -        own        own        -                -         -       -       -
referral.act          -        referred_to_me referred -              -         -       -       -
person.view           own      own        own        -                -         -       -       -
person.edit           own      own        own        -                -         -       -       -
person.merge          -        -          own        -                -         -       -       -
access_log.view       -        -          -          -                -         -       any     -
call.log              own      -          own        -                -         -       -       -
call.view             own      -          own        -                -         -       -       -
screening.record      own      own        own        -                -         -       -       -
screening.view        own      own        own        -                -         -       -       -
notice.read           own      own        own        own              own       own     own     own
"""


def _table() -> dict[tuple[str, str], str]:
    header, *rows = [line.split() for line in EXPECTED.strip().splitlines()]
    return {
        (row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)
    }


TABLE = _table()
CASES = sorted(TABLE)


def test_the_table_covers_every_action_and_role():
    assert {action for action, _role in TABLE} == {action.value for action in Action}
    assert {role for _action, role in TABLE} == set(Role.values)


def _rows(own_org: Organisation, other_org: Organisation, action: str):
    """A row tied to own-org and one tied to another organisation, for the action's model."""
    family = action.split(".")[0]
    if family == "catalog":
        region = Region.objects.get(code="KZ-71")
        return region, Region.objects.get(code="KZ-75"), Region.objects.all(), region
    if family == "organisation":
        return own_org, other_org, Organisation.objects.all(), None
    if family == "staff":
        own = MembershipFactory(organisation=own_org)
        other = MembershipFactory(organisation=other_org)
        return own, other, Membership.objects.all(), None
    if family == "users":
        own = MembershipFactory(organisation=own_org).user
        other = MembershipFactory(organisation=other_org).user
        return own, other, User.objects.all(), None
    if family == "certification":
        own = CertificationFactory(organisation=own_org)
        other = CertificationFactory(organisation=other_org)
        return own, other, Certification.objects.all(), None
    if family == "facility":
        own, other = FacilityFactory(organisation=own_org), FacilityFactory(organisation=other_org)
        return own, other, Facility.objects.all(), None
    if family == "funding":
        own = FundingFactory(organisation=own_org, source="grant", year=2026)
        other = FundingFactory(organisation=other_org, source="grant", year=2026)
        return own, other, Funding.objects.all(), None
    if family in ("call", "screening"):
        # Before a case exists, a call or a screening belongs to its organisation.
        model = HotlineCallFactory if family == "call" else ScreeningFactory
        own, other = model(organisation=own_org), model(organisation=other_org)
        return own, other, model._meta.model.objects.all(), None
    return None, None, None, None


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_it_follows_the_table(action, role, org, other_org, member):
    user = member(role, org)
    expected = TABLE[(action, role)]
    own, other, queryset, _region = _rows(org, other_org, action)

    assert access.can(user, Action(action)) is (expected != "-")
    if own is None:
        return
    if action.startswith("catalog."):
        # Reference data belongs to no organisation: the grant alone decides.
        reaches_own = reaches_other = expected != "-"
    else:
        reaches_own = expected in {"any", "own"}
        reaches_other = expected in {"any", "other"}
    assert access.can(user, Action(action), own) is reaches_own
    assert access.can(user, Action(action), other) is reaches_other
    visible = set(access.scope(user, Action(action), queryset).values_list("pk", flat=True))
    assert (own.pk in visible) is reaches_own
    assert (other.pk in visible) is reaches_other


def test_it_allows_nothing_to_anonymous_users(catalog):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not access.can(anonymous, Action.VIEW_CATALOG)
    assert not access.scope(anonymous, Action.VIEW_CATALOG, Region.objects.all()).exists()


def test_it_allows_nothing_through_an_inactive_membership(org, member):
    user = member(Role.ADMIN)
    Membership.objects.filter(user=user).update(is_active=False)
    access.forget(user)
    assert not access.can(user, Action.VIEW_CATALOG)


def test_it_allows_nothing_through_an_inactive_organisation(org, member):
    user = member(Role.ADMIN)
    Organisation.objects.filter(pk=org.pk).update(is_active=False)
    access.forget(user)
    assert not access.can(user, Action.MANAGE_CATALOG)


def test_it_allows_nothing_to_a_deactivated_user(org, member):
    user = member(Role.ADMIN)
    user.is_active = False
    assert not access.can(user, Action.VIEW_CATALOG)


def test_it_adds_up_roles_held_in_several_organisations(org, other_org, member):
    user = member(Role.PROVIDER_MANAGER, org)
    MembershipFactory(user=user, organisation=other_org, role=Role.SUPERVISOR)
    access.forget(user)
    own_facility = FacilityFactory(organisation=org)
    other_facility = FacilityFactory(organisation=other_org)
    assert access.can(user, Action.MANAGE_FACILITY, own_facility)
    assert not access.can(user, Action.MANAGE_FACILITY, other_facility)
    assert access.can(user, Action.VIEW_STAFF, other_org)


def test_a_certifier_may_not_certify_any_organisation_they_belong_to(org, other_org, member):
    user = member(Role.CERTIFIER, org)
    MembershipFactory(user=user, organisation=other_org, role=Role.ANALYST)
    access.forget(user)
    assert not access.can(user, Action.MANAGE_CERTIFICATION, CertificationFactory(organisation=org))
    assert not access.can(
        user, Action.MANAGE_CERTIFICATION, CertificationFactory(organisation=other_org)
    )


def test_it_refuses_a_model_it_has_no_rule_for(org, member):
    from django.contrib.sessions.models import Session

    user = member(Role.ADMIN)
    with pytest.raises(LookupError):
        access.can(user, Action.VIEW_CATALOG, Session(session_key="x"))


def test_the_system_check_finds_every_guarded_model_covered():
    from qamqor.core.checks import check_access_rules

    assert check_access_rules(None) == []

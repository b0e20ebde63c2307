"""The rules on roles and passwords, held by the services whatever the screen, tried as an
attacker would: a provider manager of own-org against other-org, ministry roles, themselves."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError

from qamqor.accounts.models import Membership, User
from qamqor.accounts.services import (
    membership_grant,
    membership_withdraw,
    password_set,
    user_create,
)
from qamqor.audit.models import AccessLogEntry
from qamqor.core import access
from qamqor.core.access import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

NEW_PASSWORD = "juniper-canyon-falcon-9"
MINISTRY_ROLES = [Role.CERTIFIER, Role.ANALYST, Role.AUDITOR, Role.ADMIN]


@pytest.fixture
def manager(member):
    return member(Role.PROVIDER_MANAGER)


@pytest.fixture
def colleague(member):
    return member(Role.CASEWORKER)


@pytest.fixture
def outsider(other_org):
    return MembershipFactory(organisation=other_org, role=Role.CASEWORKER).user


def _entries(action, record):
    return AccessLogEntry.objects.filter(
        action=action, record_type=record._meta.label_lower, record_id=record.pk
    )


@pytest.mark.parametrize("role", MINISTRY_ROLES)
def test_a_provider_manager_gives_no_ministry_role(manager, colleague, org, role):
    with pytest.raises(PermissionDenied):
        membership_grant(actor=manager, user=colleague, organisation=org, role=role)
    assert not Membership.objects.filter(user=colleague, role=role).exists()


def test_a_provider_manager_gives_no_role_in_another_organisation(
    manager, outsider, colleague, other_org
):
    for user in (outsider, colleague):
        with pytest.raises(PermissionDenied):
            membership_grant(actor=manager, user=user, organisation=other_org, role=Role.SUPERVISOR)
    assert not Membership.objects.filter(organisation=other_org, role="supervisor").exists()


def test_a_provider_manager_gives_no_role_to_another_organisations_user(manager, outsider, org):
    with pytest.raises(PermissionDenied):
        membership_grant(actor=manager, user=outsider, organisation=org, role=Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=manager, user=UserFactory(), organisation=org, role=Role.OPERATOR)
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()


def test_a_provider_manager_gives_roles_to_someone_who_worked_here_before(manager, org):
    former = MembershipFactory(organisation=org, role=Role.OPERATOR, is_active=False).user
    membership_grant(actor=manager, user=former, organisation=org, role=Role.CASEWORKER)
    assert access.roles(former) == {"caseworker"}


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN])
def test_nobody_gives_themselves_a_role(manager, member, org, role):
    admin = member(Role.ADMIN)
    for actor in (manager, admin):
        with pytest.raises(PermissionDenied):
            membership_grant(actor=actor, user=actor, organisation=org, role=role)
    assert Membership.objects.filter(user=manager).count() == 1
    assert Membership.objects.filter(user=admin).count() == 1


def test_a_provider_manager_withdraws_no_membership_of_another_organisation(
    manager, outsider, other_org
):
    theirs = Membership.objects.get(user=outsider, organisation=other_org)
    with pytest.raises(PermissionDenied):
        membership_withdraw(actor=manager, membership=theirs)
    theirs.refresh_from_db()
    assert theirs.is_active


def test_a_provider_manager_withdraws_no_ministry_role_held_in_their_organisation(manager, member):
    auditor = Membership.objects.get(user=member(Role.AUDITOR))
    with pytest.raises(PermissionDenied):
        membership_withdraw(actor=manager, membership=auditor)
    auditor.refresh_from_db()
    assert auditor.is_active


def test_a_provider_manager_reactivates_no_withdrawn_ministry_role(manager, org):
    former_admin = MembershipFactory(organisation=org, role=Role.ADMIN, is_active=False)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=manager, user=former_admin.user, organisation=org, role=Role.ADMIN)
    former_admin.refresh_from_db()
    assert not former_admin.is_active


def test_the_rules_apply_to_the_stored_row_not_to_a_changed_object(manager, outsider, other_org):
    theirs = Membership.objects.get(user=outsider, organisation=other_org)
    theirs.organisation_id = manager.memberships.get().organisation_id  # as a form might
    with pytest.raises(PermissionDenied):
        membership_withdraw(actor=manager, membership=theirs)
    assert Membership.objects.get(pk=theirs.pk).is_active


def test_an_unknown_role_is_refused(member, colleague, org):
    with pytest.raises(ValidationError):
        membership_grant(actor=member(Role.ADMIN), user=colleague, organisation=org, role="root")


def test_grants_and_withdrawals_are_logged_once(manager, colleague, org):
    membership = membership_grant(
        actor=manager, user=colleague, organisation=org, role=Role.SUPERVISOR
    )
    membership_grant(actor=manager, user=colleague, organisation=org, role=Role.SUPERVISOR)
    membership_withdraw(actor=manager, membership=membership)
    membership_withdraw(actor=manager, membership=membership)
    assert [e.user for e in _entries("grant", membership)] == [manager]
    assert [e.user for e in _entries("withdraw", membership)] == [manager]


def test_the_system_gives_any_role_unlogged(org):
    user = UserFactory()
    membership = membership_grant(actor=None, user=user, organisation=org, role=Role.ADMIN)
    assert access.roles(user) == {"admin"}
    assert not _entries("grant", membership).exists()


# Passwords


def test_a_provider_manager_sets_nobodys_password(manager, colleague, outsider):
    for user in (colleague, outsider):
        with pytest.raises(PermissionDenied):
            password_set(actor=manager, user=user, password=NEW_PASSWORD)
        assert authenticate(username=user.username, password=PASSWORD) is not None


def test_an_administrator_resets_a_password_and_it_is_logged(member, outsider):
    admin = member(Role.ADMIN)
    password_set(actor=admin, user=outsider, password=NEW_PASSWORD)
    assert authenticate(username=outsider.username, password=NEW_PASSWORD) == outsider
    assert [e.user for e in _entries("password", outsider)] == [admin]


def test_users_set_their_own_password_and_it_is_logged(colleague):
    password_set(actor=colleague, user=colleague, password=NEW_PASSWORD)
    assert authenticate(username=colleague.username, password=NEW_PASSWORD) == colleague
    assert _entries("password", colleague).count() == 1


def test_a_weak_password_is_refused_at_the_field(colleague):
    with pytest.raises(ValidationError) as refused:
        password_set(actor=colleague, user=colleague, password="123")
    assert "password" in refused.value.error_dict
    assert authenticate(username=colleague.username, password=PASSWORD) is not None


def test_only_administrators_create_accounts(manager, member):
    with pytest.raises(PermissionDenied):
        user_create(actor=manager, user=User(username="sock"), password=NEW_PASSWORD)
    assert not User.objects.filter(username="sock").exists()
    admin = member(Role.ADMIN)
    created = user_create(actor=admin, user=User(username="newcomer"), password=NEW_PASSWORD)
    assert authenticate(username="newcomer", password=NEW_PASSWORD) == created
    assert _entries("create", created).count() == 1

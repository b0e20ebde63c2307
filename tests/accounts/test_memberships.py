import io

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from qamqor.accounts.models import Membership, Organisation, User
from qamqor.accounts.services import membership_grant, membership_withdraw
from qamqor.core import access
from qamqor.core.access import Action, Role
from tests.factories import UserFactory


def test_a_provider_manager_gives_organisation_roles_to_their_own_staff(member, org):
    manager = member(Role.PROVIDER_MANAGER)
    worker = member(Role.OPERATOR)
    for role in (Role.CASEWORKER, Role.SUPERVISOR, Role.PROVIDER_MANAGER):
        membership_grant(actor=manager, user=worker, organisation=org, role=role)
    assert access.roles(worker) == {"operator", "caseworker", "supervisor", "provider_manager"}


def test_a_provider_manager_may_not_give_ministry_roles(member, org):
    manager = member(Role.PROVIDER_MANAGER)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=manager, user=UserFactory(), organisation=org, role=Role.ADMIN)


def test_a_provider_manager_may_not_staff_another_organisation(member, other_org):
    manager = member(Role.PROVIDER_MANAGER)
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=manager, user=UserFactory(), organisation=other_org, role=Role.CASEWORKER
        )


def test_an_administrator_gives_any_role_anywhere(member, other_org):
    admin = member(Role.ADMIN)
    user = UserFactory()
    membership_grant(actor=admin, user=user, organisation=other_org, role=Role.AUDITOR)
    assert access.can(user, Action.VIEW_CATALOG)


def test_a_withdrawn_role_grants_nothing_and_can_be_given_again(member, org):
    manager = member(Role.PROVIDER_MANAGER)
    worker = member(Role.SUPERVISOR)
    membership = Membership.objects.get(user=worker)
    assert access.can(worker, Action.VIEW_STAFF, org)
    membership_withdraw(actor=manager, membership=membership)
    worker = User.objects.get(pk=worker.pk)  # roles are read once per user object (request)
    assert not access.can(worker, Action.VIEW_STAFF, org)
    membership_grant(actor=manager, user=worker, organisation=org, role=Role.SUPERVISOR)
    assert access.can(worker, Action.VIEW_STAFF, org)
    assert Membership.objects.filter(user=worker).count() == 1
    assert membership.history.count() == 3


def test_create_admin_bootstraps_a_new_installation(catalog, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "steppe-eagle-2026")
    out = io.StringIO()
    call_command(
        "create_admin",
        "chief",
        "--organisation",
        "mlsp",
        "--name-kk",
        "Министрлік",
        "--name-ru",
        "Министерство",
        stdout=out,
    )
    user = authenticate(username="chief", password="steppe-eagle-2026")
    assert user is not None
    assert access.can(user, Action.MANAGE_USERS)
    assert Organisation.objects.get(code="mlsp").kind == "state_body"


def test_create_admin_refuses_a_weak_password_and_changes_nothing(catalog, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "123")
    with pytest.raises(CommandError):
        call_command(
            "create_admin", "chief", "--organisation", "mlsp", "--name-kk", "М", "--name-ru", "М"
        )
    assert not Organisation.objects.filter(code="mlsp").exists()

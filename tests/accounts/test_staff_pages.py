"""The staff page: provider managers give and withdraw their organisation's roles; others see
it as the policy says (404 for another organisation's staff, 403 for a forbidden action)."""

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qamqor.accounts.models import Membership
from qamqor.audit.models import AccessLogEntry
from qamqor.core.access import Role
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory


@pytest.fixture
def manager(member):
    return member(Role.PROVIDER_MANAGER)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def _page(org):
    return reverse("accounts:staff", args=[org.code])


def _withdraw(org, membership):
    return reverse("accounts:staff_withdraw", args=[org.code, membership.pk])


def test_the_staff_link_leads_a_provider_manager_to_their_organisation(manager_client, org):
    response = manager_client.get(reverse("accounts:staff_index"))
    assert response.status_code == 302
    assert response.url == _page(org)
    assert reverse("accounts:staff_index") in manager_client.get("/").content.decode()


def test_it_lists_the_members_and_their_roles_withdrawn_ones_too(manager_client, org, member):
    worker = member(Role.CASEWORKER)
    MembershipFactory(user=worker, organisation=org, role=Role.OPERATOR, is_active=False)
    page = manager_client.get(_page(org))
    assert page.status_code == 200
    text = page.content.decode()
    assert worker.username in text
    assert "Case worker" in text and "withdrawn" in text
    assert "Give again" in text


def test_a_provider_manager_gives_a_role_and_it_is_logged(manager_client, manager, org, member):
    worker = member(Role.OPERATOR)
    response = manager_client.post(_page(org), {"user": worker.pk, "role": "supervisor"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=worker, role="supervisor")
    entry = AccessLogEntry.objects.get(action="grant", record_id=membership.pk)
    assert entry.user == manager and entry.channel == "web"


def test_a_provider_manager_withdraws_a_role_and_it_is_logged(manager_client, org, member):
    membership = Membership.objects.get(user=member(Role.SUPERVISOR))
    response = manager_client.post(_withdraw(org, membership))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert AccessLogEntry.objects.filter(action="withdraw", record_id=membership.pk).exists()
    assert manager_client.get(_withdraw(org, membership)).status_code == 405


@pytest.mark.parametrize("role", ["admin", "auditor", "certifier", "analyst", "root"])
def test_ministry_roles_are_refused_at_the_field(manager_client, org, member, role):
    worker = member(Role.CASEWORKER)
    response = manager_client.post(_page(org), {"user": worker.pk, "role": role})
    assert response.status_code == 400
    assert "role" in response.context["form"].errors
    assert 'class="error"' in response.content.decode()
    assert not Membership.objects.filter(user=worker, role=role).exists()


def test_another_organisations_user_and_the_manager_themselves_are_refused_at_the_field(
    manager_client, manager, org, other_org
):
    outsider = MembershipFactory(organisation=other_org, role=Role.CASEWORKER).user
    for user in (outsider, manager):
        response = manager_client.post(_page(org), {"user": user.pk, "role": "supervisor"})
        assert response.status_code == 400
        assert "user" in response.context["form"].errors
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    assert not Membership.objects.filter(user=manager, role="supervisor").exists()


def test_another_organisations_staff_do_not_exist_for_a_provider_manager(
    manager_client, org, other_org
):
    theirs = MembershipFactory(organisation=other_org, role=Role.CASEWORKER)
    assert manager_client.get(_page(other_org)).status_code == 404
    response = manager_client.post(_page(other_org), {"user": theirs.user_id, "role": "operator"})
    assert response.status_code == 404
    assert manager_client.post(_withdraw(other_org, theirs)).status_code == 404
    assert manager_client.post(_withdraw(org, theirs)).status_code == 404  # not in own-org
    theirs.refresh_from_db()
    assert theirs.is_active
    assert manager_client.get(_page(org)).content.decode().count(theirs.user.username) == 0


def test_a_ministry_role_held_here_is_shown_but_not_withdrawn_by_a_provider_manager(
    manager_client, org, member
):
    auditor = Membership.objects.get(user=member(Role.AUDITOR))
    page = manager_client.get(_page(org)).content.decode()
    assert _withdraw(org, auditor) not in page
    assert manager_client.post(_withdraw(org, auditor)).status_code == 403
    auditor.refresh_from_db()
    assert auditor.is_active


def test_a_provider_manager_cannot_withdraw_their_own_role(manager_client, manager, org):
    own = Membership.objects.get(user=manager)
    assert manager_client.post(_withdraw(org, own)).status_code == 403
    own.refresh_from_db()
    assert own.is_active


def test_supervisors_see_the_staff_but_change_nothing(client, member, org):
    supervisor = member(Role.SUPERVISOR)
    worker = member(Role.CASEWORKER)
    client.force_login(supervisor)
    page = client.get(_page(org))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert client.post(_page(org), {"user": worker.pk, "role": "supervisor"}).status_code == 403
    membership = Membership.objects.get(user=worker)
    assert client.post(_withdraw(org, membership)).status_code == 403
    assert not Membership.objects.filter(user=worker, role="supervisor").exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CASEWORKER, Role.CERTIFIER, Role.AUDITOR])
def test_roles_without_staff_are_refused(client, member, org, role):
    client.force_login(member(role))
    assert client.get(reverse("accounts:staff_index")).status_code == 403
    assert client.get(_page(org)).status_code == 403


def test_a_member_in_several_of_the_managers_organisations_says_which(client, manager, org, member):
    second = OrganisationFactory(code="second-org", name_en="Second shelter")
    MembershipFactory(user=manager, organisation=second, role=Role.PROVIDER_MANAGER)
    worker = member(Role.CASEWORKER)
    MembershipFactory(user=worker, organisation=second, role=Role.SUPERVISOR)
    client.force_login(manager)
    index = client.get(reverse("accounts:staff_index"))
    assert index.status_code == 200
    assert _page(org) in index.content.decode() and _page(second) in index.content.decode()
    text = client.get(_page(org)).content.decode()
    assert "Also:" in text and "Supervisor — Second shelter" in text


def test_an_administrator_gives_ministry_roles_on_the_staff_page(client, member, org):
    admin = member(Role.ADMIN)
    worker = member(Role.CASEWORKER)
    client.force_login(admin)
    response = client.post(_page(org), {"user": worker.pk, "role": "auditor"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=worker, role="auditor", is_active=True).exists()


def test_the_staff_page_costs_the_same_for_1_and_20_members(manager_client, org, other_org):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(_page(org)).status_code == 200
        return len(queries)

    MembershipFactory(organisation=org, role=Role.CASEWORKER)
    one = count()
    for _ in range(19):
        membership = MembershipFactory(organisation=org, role=Role.CASEWORKER)
        MembershipFactory(user=membership.user, organisation=org, role=Role.OPERATOR)
        MembershipFactory(user=membership.user, organisation=other_org, role=Role.SUPERVISOR)
    assert count() == one


def test_users_change_their_own_password_and_it_is_logged(client, member):
    user = member(Role.CASEWORKER)
    client.force_login(user)
    new = "larch-meadow-compass-5"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert authenticate(username=user.username, password=new) == user
    assert AccessLogEntry.objects.filter(
        action="password", record_type="accounts.user", record_id=user.pk, user=user
    ).exists()
    assert client.get("/").status_code == 200  # still signed in

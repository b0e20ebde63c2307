"""Transfers: taking a case over is asked by the owning organisation's supervisor, with the
person's consent to share everything with the receiver, and accepted there by a supervisor;
then the case and its person are the receiver's, and no longer the sender's."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from qamqor.audit.models import AccessLogEntry
from qamqor.cases import services, transfers
from qamqor.cases.access import find_case
from qamqor.cases.models import Case, CaseAssignment, Transfer
from qamqor.core.access import Role
from qamqor.core.errors import InvalidTransitionError
from qamqor.people.access import person_view
from tests.factories import CaseAssignmentFactory, CaseFactory, MembershipFactory
from tests.helpers import api_client

EVERYTHING = ["identity", "contacts", "assessment", "plan", "services", "shelter"]


@pytest.fixture
def case(org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=True)
    CaseAssignmentFactory(case=case, user=staff["caseworker2"], assigned_by=case.lead_worker)
    return case


def _consent(case, user, categories=EVERYTHING, recipient=None):
    today = timezone.localdate()
    return services.consent_record(
        actor=user,
        case=case,
        categories=categories,
        given_on=today,
        valid_until=today + dt.timedelta(days=90),
        recipient=recipient,
    )


def test_it_needs_consent_to_share_everything_with_the_receiver(case, staff, other_org):
    _consent(case, staff["caseworker"], categories=["identity", "services"])
    with pytest.raises(ValidationError) as error:
        transfers.transfer_request(
            actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
        )
    assert "to_organisation" in error.value.message_dict
    assert not Transfer.objects.exists()


def test_only_a_supervisor_of_the_owner_asks(case, staff, other_org):
    _consent(case, staff["caseworker"])
    for who in ("caseworker", "operator", "other_supervisor"):
        with pytest.raises(PermissionDenied):
            transfers.transfer_request(
                actor=staff[who], case=case, to_organisation=other_org, reason="moved"
            )


def test_an_accepted_transfer_hands_the_case_and_the_person_over(case, staff, other_org):
    _consent(case, staff["caseworker"])
    transfer = transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
    )
    # Until accepted, nothing changes: the receiver does not see the case.
    assert find_case(staff["other_supervisor"], case.code) is None
    version = Case.objects.get(pk=case.pk).version
    with pytest.raises(PermissionDenied):
        transfers.transfer_accept(actor=staff["other_caseworker"], transfer=transfer)
    transfers.transfer_accept(
        actor=staff["other_supervisor"], transfer=transfer, lead_worker=staff["other_caseworker"]
    )
    case.refresh_from_db()
    assert case.organisation == other_org and case.lead_worker == staff["other_caseworker"]
    assert case.version > version
    assert not CaseAssignment.objects.filter(case=case, is_active=True).exists()
    assert find_case(staff["other_caseworker"], case.code).full
    assert person_view(staff["other_caseworker"], case.person).full
    for former in ("caseworker", "caseworker2", "supervisor"):
        assert find_case(staff[former], case.code) is None
        assert person_view(staff[former], case.person) is None


def test_the_consent_is_checked_again_on_acceptance(case, staff, other_org):
    consent = _consent(case, staff["caseworker"])
    transfer = transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
    )
    services.consent_withdraw(actor=staff["caseworker"], consent=consent)
    with pytest.raises(ValidationError):
        transfers.transfer_accept(actor=staff["other_supervisor"], transfer=transfer)
    assert Case.objects.get(pk=case.pk).organisation_id == case.organisation_id


def test_a_declined_or_withdrawn_transfer_changes_nothing(case, staff, other_org):
    _consent(case, staff["caseworker"])
    first = transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
    )
    with pytest.raises(InvalidTransitionError):  # one open request at a time
        transfers.transfer_request(
            actor=staff["supervisor"], case=case, to_organisation=other_org, reason="again"
        )
    transfers.transfer_decline(actor=staff["other_supervisor"], transfer=first, reason="full")
    second = transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="again"
    )
    transfers.transfer_withdraw(actor=staff["supervisor"], transfer=second)
    with pytest.raises(InvalidTransitionError):
        transfers.transfer_accept(actor=staff["other_supervisor"], transfer=second)
    case.refresh_from_db()
    assert case.lead_worker == staff["caseworker"] and find_case(staff["caseworker"], case.code)


def test_the_lead_worker_must_work_at_the_receiver(case, staff, other_org):
    _consent(case, staff["caseworker"])
    transfer = transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
    )
    with pytest.raises(ValidationError) as error:
        transfers.transfer_accept(
            actor=staff["other_supervisor"], transfer=transfer, lead_worker=staff["caseworker"]
        )
    assert "lead_worker" in error.value.message_dict


def test_a_transfer_through_the_pages(client, case, staff, other_org):
    _consent(case, staff["caseworker"])
    client.force_login(staff["supervisor"])
    detail = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert reverse("cases:transfer", args=[case.code]) in detail
    response = client.post(
        reverse("cases:transfer", args=[case.code]),
        {"to_organisation": other_org.pk, "reason": "The family moved to Almaty"},
    )
    assert response.status_code == 302, response.content
    transfer = Transfer.objects.get()
    client.force_login(staff["other_supervisor"])
    incoming = client.get(reverse("cases:incoming"))
    assert "The family moved to Almaty" in incoming.content.decode()
    accepted = client.post(reverse("cases:transfer_accept", args=[transfer.pk]), {})
    assert accepted.url == reverse("cases:detail", args=[case.code])
    assert client.get(accepted.url).status_code == 200
    assert AccessLogEntry.objects.filter(
        user=staff["other_supervisor"], action="change", case_id=case.pk
    ).exists()


def test_a_transfer_through_the_api(case, staff, other_org):
    _consent(case, staff["caseworker"])
    sender = api_client(staff["supervisor"])
    asked = sender.post(
        f"/api/v1/cases/{case.code}/transfers/",
        {"to_organisation": other_org.code, "reason": "moved"},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    transfer_id = asked.json()["id"]
    receiver = api_client(staff["other_supervisor"])
    listed = receiver.get("/api/v1/transfers/").json()["results"]
    assert [item["id"] for item in listed] == [transfer_id]
    assert (
        api_client(staff["other_caseworker"])
        .post(f"/api/v1/transfers/{transfer_id}/accept/")
        .status_code
        == 404  # a transfer exists only for the receiving organisation's supervisors
    )
    accepted = receiver.post(f"/api/v1/transfers/{transfer_id}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert receiver.get(f"/api/v1/cases/{case.code}/").status_code == 200
    assert sender.get(f"/api/v1/cases/{case.code}/").status_code == 404


def test_a_stranger_reaches_no_transfer(case, staff, other_org, member):
    _consent(case, staff["caseworker"])
    transfer = transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
    )
    from tests.factories import OrganisationFactory

    stranger = MembershipFactory(organisation=OrganisationFactory(), role=Role.SUPERVISOR).user
    client = api_client(stranger)
    for verb in ("accept", "decline", "withdraw"):
        assert (
            client.post(f"/api/v1/transfers/{transfer.pk}/{verb}/", {"reason": "x"}).status_code
            == 404
        )
    assert client.get("/api/v1/transfers/").json()["results"] == []

"""Finding 7 (medium): a restriction was silently lifted. Protection records and decision
approvals set `restricted=True` without bumping the case version, so an edit form read before
that and submitted unchanged lifted the restriction with no conflict. A case worker who added
a restricted group got 403 because the unticked box read as "lift the restriction"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qamqor.cases import services
from qamqor.cases.models import Case
from qamqor.catalog.models import AtRiskGroup
from qamqor.core.access import Role
from qamqor.protection import services as protection
from tests.factories import CaseFactory, MembershipFactory


def _edit_form(case, **changes):
    data = {
        "summary": case.summary,
        "groups": [group.pk for group in case.groups.all()],
        "version": case.version,
    }
    if case.restricted:
        data["restricted"] = "on"
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_form_read_before_a_protection_record_cannot_lift_the_restriction(client, org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=False)
    client.force_login(staff["supervisor"])
    stale = _edit_form(case)  # read now, submitted after the order was recorded
    today = timezone.localdate()
    protection.order_record(
        actor=staff["caseworker"],
        case=case,
        kind="police_protective",
        issuing_body="Police",
        issued_on=today,
        valid_from=today,
        valid_until=today + dt.timedelta(days=30),
        conditions="No contact",
        respondent_name="R",
        respondent_relationship="spouse",
    )
    response = client.post(reverse("cases:edit", args=[case.code]), stale)
    assert response.status_code == 412
    assert Case.objects.get(pk=case.pk).restricted


@pytest.mark.django_db
def test_a_form_read_before_a_decision_approval_cannot_lift_the_restriction(
    client, org, staff, catalog
):
    """(Since the review after the fix, recording the decision already restricts the case:
    a supervisor lifts that restriction, and the approval of the granted group restricts the
    case again — which a form read in between may not undo.)"""
    group = AtRiskGroup.objects.get(code="trafficking_victims")
    case = CaseFactory(
        organisation=org, lead_worker=staff["caseworker"], status="active", restricted=False
    )
    decision = services.decision_record(
        actor=staff["caseworker"], case=case, group=group, outcome="granted"
    )
    case.refresh_from_db()
    lifted = _edit_form(case)
    del lifted["restricted"]
    client.force_login(staff["supervisor"])
    assert client.post(reverse("cases:edit", args=[case.code]), lifted).status_code == 302
    case.refresh_from_db()
    assert not case.restricted
    other_supervisor = MembershipFactory(organisation=org, role=Role.SUPERVISOR).user
    client.force_login(other_supervisor)
    stale = _edit_form(case)
    services.decision_approve(actor=staff["supervisor"], decision=decision)
    assert Case.objects.get(pk=case.pk).restricted
    response = client.post(reverse("cases:edit", args=[case.code]), stale)
    assert response.status_code == 412
    assert Case.objects.get(pk=case.pk).restricted


@pytest.mark.django_db
def test_a_form_read_before_a_decision_is_recorded_cannot_lift_the_restriction(
    client, org, staff, catalog
):
    group = AtRiskGroup.objects.get(code="trafficking_victims")
    case = CaseFactory(
        organisation=org, lead_worker=staff["caseworker"], status="active", restricted=False
    )
    client.force_login(staff["supervisor"])
    stale = _edit_form(case)
    services.decision_record(actor=staff["caseworker"], case=case, group=group, outcome="granted")
    assert Case.objects.get(pk=case.pk).restricted
    response = client.post(reverse("cases:edit", args=[case.code]), stale)
    assert response.status_code == 412
    assert Case.objects.get(pk=case.pk).restricted


@pytest.mark.django_db
def test_a_case_worker_who_adds_a_restricted_group_restricts_the_case(client, org, staff, catalog):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=False)
    group = AtRiskGroup.objects.get(code="domestic_violence_victims")
    client.force_login(staff["caseworker"])
    response = client.post(
        reverse("cases:edit", args=[case.code]), _edit_form(case, groups=[group.pk])
    )
    assert response.status_code == 302, response.content
    assert Case.objects.get(pk=case.pk).restricted

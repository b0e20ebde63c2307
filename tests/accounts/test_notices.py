"""The inbox (accounts.notices): the services tell the people who must act, once; each user
reads their own notices alone, on the inbox page and at /api/v1/notices/."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qamqor.accounts.models import Notice
from qamqor.accounts.notices import notify
from qamqor.audit.models import AccessLogEntry
from qamqor.cases import referrals, services, transfers
from qamqor.catalog.models import AtRiskGroup
from qamqor.core import access
from qamqor.core.access import Action, Role
from tests.factories import CaseFactory, MembershipFactory
from tests.helpers import api_client, ok, web_client

EVERYTHING = ["identity", "contacts", "assessment", "plan", "services", "shelter"]


@pytest.fixture
def case(org, staff):
    return CaseFactory(organisation=org, lead_worker=staff["caseworker"], status="active")


def _told(kind):
    return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _names(*users):
    return {user.username for user in users}


def test_a_referral_tells_the_receivers_who_answer_it(case, staff, other_org):
    today = timezone.localdate()
    services.consent_record(
        actor=staff["caseworker"],
        case=case,
        categories=["identity"],
        given_on=today,
        valid_until=today + dt.timedelta(days=30),
    )
    referral = referrals.referral_send(
        actor=staff["caseworker"],
        case=case,
        to_organisation=other_org,
        reason="legal help",
        shared=["identity"],
    )
    receivers = _names(staff["other_caseworker"], staff["other_supervisor"])
    assert _told("referral_received") == receivers
    notice = Notice.objects.filter(kind="referral_received").first()
    assert (notice.case_code, notice.organisation) == (case.code, other_org)
    assert (notice.source_type, notice.source_id) == ("cases.referral", referral.pk)
    # Told once, however often the service says it.
    notify(
        kind="referral_received",
        recipients=[staff["other_supervisor"]],
        organisation=other_org,
        source=referral,
        case=case,
    )
    assert Notice.objects.filter(kind="referral_received").count() == len(receivers)


def test_an_assignment_tells_the_assigned_worker_but_not_who_assigned(case, staff):
    services.case_assign(actor=staff["supervisor"], case=case, user=staff["caseworker2"])
    assert _told("case_assigned") == _names(staff["caseworker2"])
    services.case_assign(actor=staff["supervisor"], case=case, user=staff["supervisor"])
    assert _told("case_assigned") == _names(staff["caseworker2"])


def test_a_decision_and_a_closure_tell_the_supervisors_an_approval_waits(case, staff, org):
    second = MembershipFactory(organisation=org, role=Role.SUPERVISOR).user
    group = AtRiskGroup.objects.in_force().first()
    services.decision_record(actor=staff["caseworker"], case=case, group=group, outcome="granted")
    assert _told("approval_waiting") == _names(staff["supervisor"], second)
    services.closure_request(
        actor=staff["supervisor"], case=case, outcome="goals_met", reason="done"
    )
    closure_told = Notice.objects.filter(kind="approval_waiting", source_type="cases.closure")
    assert set(closure_told.values_list("recipient__username", flat=True)) == _names(second)


def test_a_transfer_tells_the_receiving_supervisors(case, staff, other_org):
    today = timezone.localdate()
    services.consent_record(
        actor=staff["caseworker"],
        case=case,
        categories=EVERYTHING,
        given_on=today,
        valid_until=today + dt.timedelta(days=90),
    )
    transfers.transfer_request(
        actor=staff["supervisor"], case=case, to_organisation=other_org, reason="moved"
    )
    assert _told("transfer_received") == _names(staff["other_supervisor"])


@pytest.fixture
def told(case, staff):
    services.case_assign(actor=staff["supervisor"], case=case, user=staff["caseworker2"])
    return Notice.objects.get(kind="case_assigned")


def test_the_inbox_shows_ones_own_notices_and_opening_one_reads_it(told, staff, case):
    worker = web_client(staff["caseworker2"])
    page = worker.get(reverse("accounts:inbox"))
    body = page.content.decode()
    assert page.status_code == 200 and "Case assigned to you" in body and case.code in body
    assert page.context["unread_notices"] == 1
    # The case code shown is in the access log, against the case.
    assert AccessLogEntry.objects.filter(
        user=staff["caseworker2"], action="list", case_id=case.pk
    ).exists()
    opened = worker.post(reverse("accounts:notice_open", args=[told.pk]))
    assert opened.status_code == 302 and opened.url == reverse("cases:detail", args=[case.code])
    told.refresh_from_db()
    assert told.read_at is not None
    assert worker.get(reverse("accounts:inbox")).context["unread_notices"] == 0


def test_nobody_else_reads_or_opens_a_notice(told, staff):
    other = web_client(staff["caseworker"])
    assert "Case assigned to you" not in other.get(reverse("accounts:inbox")).content.decode()
    assert other.post(reverse("accounts:notice_open", args=[told.pk])).status_code == 404
    assert not access.can(staff["caseworker"], Action.READ_NOTICES, told)
    assert access.can(staff["caseworker2"], Action.READ_NOTICES, told)
    api = api_client(staff["caseworker"])
    assert ok(api.get("/api/v1/notices/"))["results"] == []
    assert api.post(f"/api/v1/notices/{told.pk}/read/").status_code == 404
    told.refresh_from_db()
    assert told.read_at is None


def test_the_api_lists_unread_notices_and_marks_one_read(told, staff, case):
    api = api_client(staff["caseworker2"])
    listed = ok(api.get("/api/v1/notices/", {"unread": "true"}))["results"]
    assert [(row["kind"], row["case"], row["read_at"]) for row in listed] == [
        ("case_assigned", case.code, None)
    ]
    assert listed[0]["kind_display"] == "Case assigned to you"
    read = ok(api.post(f"/api/v1/notices/{told.pk}/read/"))
    assert read["read_at"] is not None
    assert ok(api.get("/api/v1/notices/", {"unread": "true"}))["results"] == []


def test_mark_all_as_read(told, staff):
    worker = web_client(staff["caseworker2"])
    assert worker.post(reverse("accounts:inbox")).status_code == 302
    assert not Notice.objects.filter(read_at__isnull=True).exists()


def test_the_inbox_costs_the_same_for_1_and_50_notices(org, staff):
    worker = staff["caseworker2"]
    client = web_client(worker)

    def add(count):
        for _ in range(count):
            other = CaseFactory(organisation=org, status="active")
            services.case_assign(actor=staff["supervisor"], case=other, user=worker)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("accounts:inbox")).status_code == 200
        return len(captured)

    add(1)
    one = queries()
    add(49)
    assert queries() == one


def test_a_withdrawn_role_takes_the_organisations_notices_with_it(told, staff, org):
    worker = staff["caseworker2"]
    MembershipFactory(user=worker, role=Role.CASEWORKER)  # works elsewhere too
    worker.memberships.filter(organisation=org).update(is_active=False)
    access.forget(worker)
    assert ok(api_client(worker).get("/api/v1/notices/"))["results"] == []
    assert not access.can(worker, Action.READ_NOTICES, told)
    assert (
        web_client(worker).post(reverse("accounts:notice_open", args=[told.pk])).status_code == 404
    )


def test_each_assignment_is_told_a_second_one_too(case, staff):
    services.case_assign(actor=staff["supervisor"], case=case, user=staff["caseworker2"])
    services.case_assign(actor=staff["supervisor"], case=case, user=staff["caseworker2"], lead=True)
    assert Notice.objects.filter(kind="case_assigned", recipient=staff["caseworker2"]).count() == 2


def test_reading_a_notice_is_logged_with_its_case_code(told, staff, case):
    api_client(staff["caseworker2"]).post(f"/api/v1/notices/{told.pk}/read/")
    entry = AccessLogEntry.objects.filter(user=staff["caseworker2"], action="change").get()
    assert (entry.record_type, entry.record_code, entry.case_id) == (
        "accounts.notice",
        case.code,
        case.pk,
    )


def test_answering_the_record_resolves_its_notices_for_everyone(case, staff, other_org, org):
    today = timezone.localdate()
    services.consent_record(
        actor=staff["caseworker"],
        case=case,
        categories=["identity"],
        given_on=today,
        valid_until=today + dt.timedelta(days=30),
    )
    referral = referrals.referral_send(
        actor=staff["caseworker"], case=case, to_organisation=other_org, reason="legal help"
    )
    group = AtRiskGroup.objects.in_force().first()
    decision = services.decision_record(
        actor=staff["caseworker"], case=case, group=group, outcome="granted"
    )
    unread = Notice.objects.filter(read_at__isnull=True)
    assert unread.filter(kind="referral_received").count() == 2
    referrals.referral_accept(actor=staff["other_supervisor"], referral=referral)
    assert not unread.filter(kind="referral_received").exists()
    assert unread.filter(kind="approval_waiting").exists()
    services.decision_approve(actor=staff["supervisor"], decision=decision)
    assert not unread.filter(kind="approval_waiting").exists()

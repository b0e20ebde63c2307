"""The whole life of a case through the web pages (Django test client), for a person with no
IIN and no residence registration, as the API test walks it too."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from qamqor.cases.models import Case
from tests.helpers import web_client


def _post(client, url, data=None, *, expect=302):
    response = client.post(url, data or {})
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def _case_page(client, code) -> str:
    response = client.get(reverse("cases:detail", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def post_proposed_plan(client, code) -> None:
    """The plan form comes filled from the standards; submit it as proposed."""
    plan_page = client.get(reverse("cases:plan", args=[code]), follow=True)
    formset = plan_page.context["formset"]
    assert formset.forms, "nothing proposed"
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(len(formset.forms)),
    }
    for index, item in enumerate(formset.forms):
        initial = item.initial
        data.update(
            {
                f"form-{index}-include": "on",
                f"form-{index}-service_type": initial["service_type"].pk,
                f"form-{index}-standard": initial["standard"].pk,
                f"form-{index}-provider": initial["provider"].pk if initial["provider"] else "",
                f"form-{index}-units": initial["units"],
                f"form-{index}-requested_on": initial["requested_on"].isoformat(),
                f"form-{index}-due_on": initial["due_on"].isoformat(),
            }
        )
    _post(client, reverse("cases:plan", args=[code]), data)


def test_a_case_from_intake_to_closure_and_reopening_through_the_pages(
    org, other_org, staff, certified
):
    from qamqor.catalog.models import AtRiskGroup, Region

    worker = web_client(staff["caseworker"])
    supervisor = web_client(staff["supervisor"])
    receiver = web_client(staff["other_caseworker"])
    today = timezone.localdate()
    astana = Region.objects.get(code="KZ-71")
    trafficking = AtRiskGroup.objects.get(code="trafficking_victims")

    # Intake, person and case in one form: nothing about the person is required.
    form = worker.get(reverse("cases:new"), follow=True)
    assert form.status_code == 200
    response = _post(
        worker,
        reverse("cases:new"),
        {
            "organisation": org.pk,
            "channel": "police",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "intake_region": astana.pk,
            "immediate_risk": "high",
            "given_name": "Nurlan",
            "sex": "male",
            "citizenship": "stateless",
            "residence_registration": "not_registered",
            "age": "30",
            "groups": [trafficking.pk],
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.code])
    assert case.person.iin == "" and case.person.residence_registration == "not_registered"
    assert case.restricted and case.status == "intake"
    page = _case_page(worker, case.code)
    assert "Nurlan" in page and case.code in page

    code = case.code
    _post(worker, reverse("cases:start_assessment", args=[code]))
    _post(
        worker,
        reverse("cases:assessment", args=[code]),
        {"assessed_on": today.isoformat(), "safety_severity": "4", "housing_severity": "3"},
    )
    _post(
        worker,
        reverse("cases:decision", args=[code]),
        {"group": trafficking.pk, "outcome": "granted"},
    )
    decision = case.decisions.get()
    # A case worker's approval is refused with 403; the supervisor's goes through.
    assert (
        worker.post(reverse("cases:decision_approve", args=[code, decision.pk])).status_code == 403
    )
    _post(supervisor, reverse("cases:decision_approve", args=[code, decision.pk]))
    case.refresh_from_db()
    assert case.status == "active"

    post_proposed_plan(worker, code)
    plan = case.plans.get(is_current=True)
    assert plan.items.filter(service_type__code="shelter").exists()

    from qamqor.catalog.models import ServiceType

    psychological = ServiceType.objects.get(code="social_psychological")
    _post(
        worker,
        reverse("cases:delivery", args=[code]),
        {
            "service_type": psychological.pk,
            "provider": org.pk,
            "delivered_on": today.isoformat(),
            "units": "1",
            "outcome": "completed",
        },
    )
    assert case.deliveries.get().within_waiting_standard is True

    _post(
        worker,
        reverse("cases:consent", args=[code]),
        {
            "categories": ["identity", "services"],
            "given_on": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=60)).isoformat(),
        },
    )
    _post(
        worker,
        reverse("cases:referral", args=[code]),
        {
            "to_organisation": other_org.pk,
            "service_type": ServiceType.objects.get(code="social_legal").pk,
            "reason": "Legal aid",
            "shared": ["identity", "services"],
        },
    )
    referral = case.referrals.get()
    assert receiver.get(reverse("cases:detail", args=[code])).status_code == 404
    incoming = receiver.get(reverse("cases:incoming")).content.decode()
    assert "Legal aid" in incoming
    _post(receiver, reverse("cases:referral_accept", args=[referral.pk]))
    referred = receiver.get(reverse("cases:detail", args=[code])).content.decode()
    assert "Nurlan" in referred and "Referred case" in referred

    stay_response = _post(
        worker,
        reverse("cases:admit", args=[code]),
        {
            "facility": certified["own_shelter"].pk,
            "admitted_on": today.isoformat(),
            "reason": "No safe place",
        },
    )
    assert stay_response.url == reverse("cases:detail", args=[code])
    stay = case.shelter_stays.get()
    _post(
        worker,
        reverse("cases:discharge", args=[code, stay.pk]),
        {"discharged_on": today.isoformat(), "reason": "Relatives"},
    )

    _post(worker, reverse("cases:closure", args=[code]), {"outcome": "goals_met", "reason": "Safe"})
    closure = case.closures.get()
    _post(supervisor, reverse("cases:closure_approve", args=[code, closure.pk]))
    case.refresh_from_db()
    assert case.status == "closed"

    _post(worker, reverse("cases:reopen", args=[code]), {"reason": "Recruiters called again"})
    case.refresh_from_db()
    assert case.status == "assessment"
    _post(worker, reverse("cases:closure", args=[code]), {"outcome": "declined", "reason": "Left"})
    closure = case.closures.get(approval="pending")
    _post(supervisor, reverse("cases:closure_approve", args=[code, closure.pk]))
    case.refresh_from_db()
    assert case.status == "closed"

    page = _case_page(worker, code)
    for kind in ("Case opened", "Referral accepted", "Admitted to shelter", "Case reopened"):
        assert kind in page

"""A plan item follows a standard of its own service type, in force on the day it is
requested, for a group granted to the case; it goes without one only when no such standard
exists, and then with a reason. Refusals name the item's field, in the service, the API and
the web form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.cases import planning, services
from qamqor.catalog.models import AtRiskGroup, ServiceType, Standard
from tests.factories import CaseFactory

TODAY = timezone.localdate


@pytest.fixture
def case(org, staff, certified):
    """An active case with trafficking victims granted (standards for shelter and the
    psychological, legal, medical and household services)."""
    case = CaseFactory(organisation=org, status="assessment", lead_worker=staff["caseworker"])
    decision = services.decision_record(
        actor=staff["caseworker"],
        case=case,
        group=AtRiskGroup.objects.get(code="trafficking_victims"),
        outcome="granted",
    )
    services.decision_approve(actor=staff["supervisor"], decision=decision)
    case.refresh_from_db()
    return case


def _item(service: str, standard: str | None, on=None, **changes) -> planning.ProposedItem:
    on = on or TODAY()
    found = Standard.objects.get(code=standard) if standard else None
    values = {
        "service_type": ServiceType.objects.get(code=service),
        "standard": found,
        "provider": None,
        "units": found.min_units if found else 1,
        "requested_on": on,
        "due_on": on,
    }
    return planning.ProposedItem(**{**values, **changes})


def _refusal(case, worker, items) -> dict[str, str]:
    """{field: code} of the refusal; nothing is saved."""
    with pytest.raises(ValidationError) as raised:
        planning.plan_create(actor=worker, case=case, items=items)
    assert not case.plans.exists()
    return {field: errors[0].code for field, errors in raised.value.error_dict.items()}


def test_the_proposal_and_an_uncovered_service_with_a_reason_are_accepted(case, staff):
    items = planning.propose_plan(case)
    items.append(_item("social_cultural", None, deviation_reason="Art therapy group nearby"))

    plan = planning.plan_create(actor=staff["caseworker"], case=case, items=items)

    assert plan.items.count() == 6
    assert plan.items.get(service_type__code="social_cultural").standard is None


def test_a_standard_of_another_service_type_is_refused(case, staff):
    item = _item("social_legal", "vot-psychological")
    assert _refusal(case, staff["caseworker"], [item]) == {
        "items.0.standard": "standard_other_service"
    }


def test_a_standard_not_in_force_on_the_day_requested_is_refused(case, staff):
    superseded = _item("shelter", "vot-shelter-temporary-2009")  # ended 2023-07-01
    not_yet = _item("shelter", "vot-shelter-temporary", on=dt.date(2023, 6, 1))  # from 2023-07-01
    for item in (superseded, not_yet):
        assert _refusal(case, staff["caseworker"], [item]) == {
            "items.0.standard": "standard_not_in_force"
        }


def test_the_standard_in_force_on_the_day_requested_is_accepted(case, staff):
    item = _item("shelter", "vot-shelter-temporary-2009", on=dt.date(2020, 3, 1))
    plan = planning.plan_create(actor=staff["caseworker"], case=case, items=[item])
    assert plan.items.get().standard.code == "vot-shelter-temporary-2009"


def test_a_standard_of_a_group_not_granted_is_refused(case, staff):
    item = _item("social_psychological", "dv-psychological")  # domestic violence victims
    assert _refusal(case, staff["caseworker"], [item]) == {
        "items.0.standard": "standard_group_not_granted"
    }


def test_an_item_without_a_standard_is_refused_when_one_applies(case, staff):
    item = _item("social_legal", None, deviation_reason="We prefer not to follow it")
    assert _refusal(case, staff["caseworker"], [item]) == {"items.0.standard": "standard_required"}


def test_an_item_no_standard_covers_needs_a_reason(case, staff):
    item = _item("social_cultural", None)
    assert _refusal(case, staff["caseworker"], [item]) == {
        "items.0.deviation_reason": "deviation_reason_required"
    }


def test_the_refusal_names_the_item_at_fault(case, staff):
    items = [
        _item("social_legal", "vot-legal"),
        _item("social_medical", "vot-medical"),
        _item("social_psychological", "vot-legal"),
    ]
    assert _refusal(case, staff["caseworker"], items) == {
        "items.2.standard": "standard_other_service"
    }


# Through the API


@pytest.mark.parametrize(
    ("item", "field", "code"),
    [
        ({"service_type": "social_legal", "standard": "vot-medical"}, "standard", "other_service"),
        ({"service_type": "shelter", "standard": "vot-shelter-temporary-2009"}, "standard", "not_in_force"),
        ({"service_type": "social_legal", "standard": "dv-legal"}, "standard", "group_not_granted"),
        ({"service_type": "social_legal"}, "standard", "required"),
        ({"service_type": "social_cultural"}, "deviation_reason", "reason_required"),
    ],
)  # fmt: skip
def test_the_api_refuses_the_item_at_its_field(case, staff, item, field, code):
    client = APIClient()
    client.force_login(staff["caseworker"])
    good = {"service_type": "social_medical", "standard": "vot-medical", "units": 1}

    response = client.post(
        f"/api/v1/cases/{case.code}/plans/",
        {"items": [good, {"units": 1, **item}]},
        format="json",
    )

    assert response.status_code == 400, response.content
    fields = response.json()["fields"]
    assert list(fields) == [f"items.1.{field}"]
    assert fields[f"items.1.{field}"][0]["code"].endswith(code)
    assert not case.plans.exists()


# Through the web form


def test_the_plan_form_puts_the_refusal_on_the_row(case, staff):
    client = Client()
    client.force_login(staff["caseworker"])
    page = client.get(reverse("cases:plan", args=[case.code]), follow=True)
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    rows = page.context["formset"].forms
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        initial = row.initial
        data |= {
            f"form-{index}-include": "on",
            f"form-{index}-service_type": initial["service_type"].pk,
            f"form-{index}-standard": initial["standard"].pk,
            f"form-{index}-units": initial["units"],
            f"form-{index}-requested_on": initial["requested_on"].isoformat(),
            f"form-{index}-due_on": initial["due_on"].isoformat(),
        }
    # The worker changes the service of the second row; its standard stays the proposed one.
    changed = next(
        service
        for service in ServiceType.objects.in_force()
        if service != rows[1].initial["service_type"]
    )
    data["form-1-service_type"] = changed.pk

    response = client.post(url, data)

    assert response.status_code == 400
    forms = response.context["formset"].forms
    assert [bool(form.errors) for form in forms] == [index == 1 for index in range(len(forms))]
    assert "is for another service type" in str(forms[1].errors["standard"])
    assert not case.plans.exists()

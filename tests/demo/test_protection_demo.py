"""The demo shows every protection feature: calls, screenings, identification, protective
orders, risk and safety plans, and an open alert of each kind; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from qamqor.accounts.models import User
from qamqor.cases import selectors as case_selectors
from qamqor.cases.models import Case
from qamqor.protection import selectors
from qamqor.protection.models import (
    Alert,
    HotlineCall,
    Identification,
    OrderViolation,
    ProtectiveOrder,
    RiskAssessment,
    SafetyPlan,
    Screening,
    ScreeningAnswer,
)

PROTECTION_MODELS = [
    HotlineCall,
    Screening,
    ScreeningAnswer,
    Identification,
    ProtectiveOrder,
    OrderViolation,
    RiskAssessment,
    SafetyPlan,
    Alert,
]


def _counts():
    return {model.__name__: model.objects.count() for model in PROTECTION_MODELS}


@pytest.fixture
def demo(catalog):
    call_command("demo", "--scale", "0.05", stdout=io.StringIO())


def test_calls_screenings_and_identifications(demo):
    """One demo run per test keeps this file quick: each test checks several features."""
    calls = HotlineCall.objects.all()
    assert calls.count() >= 14
    assert set(calls.values_list("recorded_by__username", flat=True)) == {"operator"}
    opened = calls.filter(intake__isnull=False)
    assert opened.count() == 8
    assert calls.filter(case__isnull=False, intake__isnull=True).count() == 4
    assert calls.filter(case__isnull=True).exists()
    assert calls.filter(anonymous=True).exists() and calls.filter(anonymous=False).exists()
    assert calls.filter(risk_flag=True).exists()
    assert calls.values("topic").distinct().count() >= 3
    assert calls.values("language").distinct().count() >= 3
    today = timezone.localdate()
    days = {timezone.localdate(at) for at in calls.values_list("received_at", flat=True)}
    assert all(0 < (today - day).days <= 30 for day in days)
    assert all(case.restricted for case in Case.objects.filter(intake__call__in=opened))

    screenings = Screening.objects.all()
    assert screenings.values("place").distinct().count() >= 3
    statuses = set(screenings.values_list("status", flat=True))
    assert set(Screening.Status.values) <= statuses
    assert screenings.filter(status="below_threshold").count() >= 6
    for screening in screenings:
        assert screening.reached == (screening.status != "below_threshold"), screening.pk
    assert screenings.filter(status="awaiting_identification", case__isnull=True).exists()

    identified = Identification.objects.filter(decision="identified")
    assert {"forced_labour", "sexual"} <= set(
        identified.values_list("exploitation_form", flat=True)
    )
    assert identified.exclude(labour_industry="").exists()
    assert {"KZ", "RU", "AE"} <= set(identified.values_list("country_of_exploitation", flat=True))
    assert {"domestic", "cross_border"} == set(identified.values_list("scope", flat=True))
    assert Identification.objects.filter(decision="not_identified").count() >= 2
    approved = identified.filter(eligibility_decision__approval="approved")
    assert approved.exists()
    for identification in approved:
        decision = identification.eligibility_decision
        assert decision.approved_by.username == "supervisor"
        assert decision.decided_by.username == "caseworker"
        assert identification.case.status == "active"
        assert identification.case.plans.filter(is_current=True).exists()
    assert identified.filter(eligibility_decision__approval="pending").exists()


def test_protective_orders_risk_safety_plans_and_alerts(demo):
    orders = ProtectiveOrder.objects.all()
    assert orders.filter(violations__isnull=False).distinct().count() >= 3
    assert orders.filter(violations__isnull=True).count() >= 3
    assert orders.filter(revoked_on__isnull=False).count() == 1
    assert orders.values("kind").distinct().count() >= 3
    violations = OrderViolation.objects.all()
    assert violations.values("reported_by").distinct().count() >= 3
    assert violations.values("liability").distinct().count() >= 3
    for violation in violations.select_related("order"):
        assert violation.order.in_force_on(violation.occurred_on)
    levels = set(RiskAssessment.objects.values_list("level", flat=True))
    assert {"low", "medium", "high"} <= levels
    dv = Case.objects.filter(
        groups__code="domestic_violence_victims", protective_orders__isnull=False
    )
    assert dv.distinct().count() >= 7
    plans = SafetyPlan.objects.all()
    assert plans.filter(last_reviewed_on=timezone.localdate()).exists()
    assert plans.filter(is_current=False).exists()
    caseworker = User.objects.get(username="caseworker")
    # The highest risk case tops the case worker's home page.
    top = case_selectors.my_cases_by_risk(caseworker, limit=1)[0]
    assert top.risk_assessments.first().level == "high"

    open_alerts = Alert.objects.filter(resolved_at__isnull=True)
    assert set(open_alerts.values_list("kind", flat=True)) == set(Alert.Kind.values)
    shown = selectors.open_alerts(caseworker, case_selectors.my_cases(caseworker))
    assert set(shown.values_list("kind", flat=True)) == set(Alert.Kind.values)


def test_a_second_run_adds_no_protection_records(demo):
    counts = _counts()
    call_command("demo", "--scale", "0.05", stdout=io.StringIO())
    assert _counts() == counts

import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from qamqor.accounts.models import Membership
from qamqor.catalog.models import Region
from qamqor.core.access import Role


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _logins(output: str) -> dict[str, str]:
    rows = [line.split() for line in output.splitlines() if line.startswith("  ")]
    return {row[0]: row[1] for row in rows}


def test_it_creates_one_user_per_role_in_two_organisations_and_prints_their_logins(catalog):
    out = io.StringIO()
    call_command("demo", "--scale", "0.05", stdout=out)
    logins = _logins(out.getvalue())
    assert set(logins) == set(Role.values)
    for role, password in logins.items():
        user = authenticate(username=role, password=password)
        assert user is not None, role
        assert list(user.memberships.values_list("role", flat=True)) == [role]
    demo_users = Membership.objects.filter(user__username__in=Role.values)
    assert demo_users.values("organisation").distinct().count() == 2


def test_a_second_run_changes_nothing_and_keeps_the_logins(catalog):
    first = io.StringIO()
    call_command("demo", "--scale", "0.05", stdout=first)
    counts = _row_counts()
    second = io.StringIO()
    call_command("demo", "--scale", "0.05", stdout=second)
    assert _row_counts() == counts
    assert _logins(second.getvalue()) == _logins(first.getvalue())


def test_it_gives_providers_with_certifications_in_every_state(catalog):

    from qamqor.catalog.models import ServiceType
    from qamqor.providers.models import Certification

    call_command("demo", "--scale", "0.05", stdout=io.StringIO())
    today = timezone.localdate()
    in_force = set(Certification.objects.in_force(today).values_list("number", flat=True))
    assert {"SSU-71-0001", "SSU-75-0142"} <= in_force
    assert {"SSU-79-0057", "SSU-35-0311", "SSU-35-0420"}.isdisjoint(in_force)
    from qamqor.providers.selectors import providers_for

    shelters = providers_for(
        service_type=ServiceType.objects.get(code="shelter"),
        region=Region.objects.get(code="KZ-75"),
        on=today,
    )
    assert [provider.code for provider in shelters] == ["akzhol-crisis-centre"]


def test_it_needs_the_reference_data_first(catalog):
    Region.objects.all().delete()  # rolled back after the test
    with pytest.raises(CommandError, match="load_catalog"):
        call_command("demo", "--scale", "0.05", stdout=io.StringIO())


def test_it_fills_cases_at_every_stage_with_refusals_and_a_full_trafficking_case(catalog):
    from qamqor.cases.models import Case, EligibilityDecision, Referral, ShelterStay
    from qamqor.people.models import Person

    call_command("demo", "--scale", "0.1", stdout=io.StringIO())
    assert Person.objects.count() >= 30
    assert Person.objects.filter(iin="").exists()
    assert Person.objects.filter(residence_registration="not_registered").exists()
    assert Person.objects.values("region").distinct().count() >= 4
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"active", "closed"} <= statuses and len(statuses) >= 3
    refusals = EligibilityDecision.objects.filter(outcome="refused")
    assert refusals.values("refusal_reason").distinct().count() >= 2
    trafficking = Case.objects.get(intake__channel="border", person__given_name="Нурлан")
    assert trafficking.status == "closed"
    assert ShelterStay.objects.filter(case=trafficking, discharged_on__isnull=False).exists()
    assert Referral.objects.filter(case=trafficking, status="accepted").exists()

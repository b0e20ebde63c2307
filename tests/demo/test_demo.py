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
    call_command("demo", stdout=out)
    logins = _logins(out.getvalue())
    assert set(logins) == set(Role.values)
    for role, password in logins.items():
        user = authenticate(username=role, password=password)
        assert user is not None, role
        assert list(user.memberships.values_list("role", flat=True)) == [role]
    organisations = Membership.objects.values("organisation").distinct().count()
    assert organisations == 2


def test_a_second_run_changes_nothing_and_keeps_the_logins(catalog):
    first = io.StringIO()
    call_command("demo", stdout=first)
    counts = _row_counts()
    second = io.StringIO()
    call_command("demo", stdout=second)
    assert _row_counts() == counts
    assert _logins(second.getvalue()) == _logins(first.getvalue())


def test_it_gives_providers_with_certifications_in_every_state(catalog):

    from qamqor.catalog.models import ServiceType
    from qamqor.providers.models import Certification

    call_command("demo", stdout=io.StringIO())
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
        call_command("demo", stdout=io.StringIO())

"""Facilities: provider managers list, add and edit their own organisation's, with live
occupancy; a capacity below the persons staying now is refused (service, page)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.core.access import Role
from qamqor.providers import services
from qamqor.providers.models import Facility
from tests.factories import CaseFactory, FacilityFactory, MembershipFactory, ShelterStayFactory


@pytest.fixture
def manager(member):
    return member(Role.PROVIDER_MANAGER)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def _stay(facility, worker, discharged_on=None):
    return ShelterStayFactory(
        case=CaseFactory(organisation=facility.organisation),
        facility=facility,
        admitted_on=dt.date(2026, 1, 1),
        discharged_on=discharged_on,
        admission_reason="safety",
        admitted_by=worker,
        region=facility.region,
    )


@pytest.fixture
def occupied(org, member):
    """A 3-bed shelter of own-org where 2 persons stay (a third has left)."""
    facility = FacilityFactory(organisation=org, name="Shelter", bed_capacity=3)
    worker = member(Role.SUPERVISOR)
    _stay(facility, worker)
    _stay(facility, worker)
    _stay(facility, worker, discharged_on=dt.date(2026, 1, 10))
    return facility


def _form(facility, **changes):
    data = {
        "name": facility.name,
        "kind": facility.kind,
        "region": facility.region_id,
        "address": facility.address,
        "bed_capacity": facility.bed_capacity,
        "is_active": "on",
    }
    return {**data, **changes}


# Services


def test_the_service_counts_the_persons_staying_now(occupied):
    assert services.occupancy(occupied) == 2


def test_the_service_refuses_a_capacity_below_occupancy(manager, occupied):
    with pytest.raises(ValidationError) as refused:
        services.facility_update(actor=manager, facility=occupied, bed_capacity=1)
    assert refused.value.error_dict["bed_capacity"][0].message == (
        "The capacity cannot be below the 2 persons staying now."
    )
    services.facility_update(actor=manager, facility=occupied, bed_capacity=2)
    occupied.refresh_from_db()
    assert occupied.bed_capacity == 2


def test_the_service_refuses_closing_a_facility_where_persons_stay(manager, occupied):
    with pytest.raises(ValidationError) as refused:
        services.facility_update(actor=manager, facility=occupied, is_active=False)
    assert "is_active" in refused.value.error_dict


def test_the_service_touches_only_facilities_the_actor_manages(manager, other_org):
    theirs = FacilityFactory(organisation=other_org)
    with pytest.raises(PermissionDenied):
        services.facility_update(actor=manager, facility=theirs, bed_capacity=1)
    with pytest.raises(PermissionDenied):
        services.facility_create(
            actor=manager,
            organisation=other_org,
            name="Ours now",
            kind="shelter",
            region=theirs.region,
        )
    with pytest.raises(TypeError):
        services.facility_update(actor=manager, facility=theirs, organisation=other_org)


# Pages


def test_the_list_shows_capacity_live_occupancy_and_free_beds(manager_client, occupied, other_org):
    FacilityFactory(organisation=other_org, name="Not ours")
    page = manager_client.get(reverse("providers:facilities"))
    assert page.status_code == 200
    facility = next(iter(page.context["page"].object_list))
    assert (facility.bed_capacity, facility.staying, facility.free) == (3, 2, 1)
    assert "Not ours" not in page.content.decode()


def test_a_provider_manager_adds_a_facility_to_their_organisation(manager_client, org):
    groups = list(AtRiskGroup.objects.filter(code__in=["homeless", "disability"]))
    response = manager_client.post(
        reverse("providers:facility_new"),
        {
            "organisation": org.pk,
            "name": "Day centre",
            "kind": "day_centre",
            "region": Region.objects.get(code="KZ-71").pk,
            "bed_capacity": 0,
            "groups_served": [group.pk for group in groups],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    facility = Facility.objects.get(name="Day centre")
    assert facility.organisation == org
    assert set(facility.groups_served.all()) == set(groups)


def test_a_facility_cannot_be_added_to_another_organisation(manager_client, other_org):
    response = manager_client.post(
        reverse("providers:facility_new"),
        {
            "organisation": other_org.pk,
            "name": "Sneaky",
            "kind": "shelter",
            "region": Region.objects.get(code="KZ-71").pk,
            "bed_capacity": 5,
        },
    )
    assert response.status_code == 400
    assert not Facility.objects.filter(name="Sneaky").exists()


def test_the_page_refuses_a_capacity_below_occupancy_at_the_field(manager_client, occupied):
    url = reverse("providers:facility", args=[occupied.pk])
    response = manager_client.post(url, _form(occupied, bed_capacity=1, name="Renamed"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["bed_capacity"] == ["The capacity cannot be below the 2 persons staying now."]
    assert 'id="id_bed_capacity_error"' in response.content.decode()
    assert response.context["form"]["name"].value() == "Renamed"  # what was typed stays
    occupied.refresh_from_db()
    assert (occupied.bed_capacity, occupied.name) == (3, "Shelter")


def test_a_provider_manager_edits_their_facility(manager_client, occupied):
    url = reverse("providers:facility", args=[occupied.pk])
    page = manager_client.get(url)
    assert "2 persons staying now" in page.content.decode()
    response = manager_client.post(url, _form(occupied, bed_capacity=8, address="Abai 1"))
    assert response.status_code == 302
    occupied.refresh_from_db()
    assert (occupied.bed_capacity, occupied.address) == (8, "Abai 1")


def test_another_organisations_facility_does_not_exist_here(manager_client, other_org):
    theirs = FacilityFactory(organisation=other_org, bed_capacity=4)
    url = reverse("providers:facility", args=[theirs.pk])
    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url, _form(theirs, bed_capacity=1)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.bed_capacity == 4


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.CERTIFIER])
def test_other_roles_are_refused(client, member, occupied, role):
    client.force_login(member(role))
    assert client.get(reverse("providers:facilities")).status_code == 403
    assert client.get(reverse("providers:facility_new")).status_code == 403
    assert client.get(reverse("providers:facility", args=[occupied.pk])).status_code == 403


def test_the_list_costs_the_same_for_1_and_20_facilities(manager_client, org, member):
    worker = member(Role.SUPERVISOR)
    groups = list(AtRiskGroup.objects.all()[:2])

    def add(index):
        facility = FacilityFactory(organisation=org, name=f"Facility {index}")
        facility.groups_served.set(groups)
        _stay(facility, worker)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(reverse("providers:facilities")).status_code == 200
        return len(queries)

    add(0)
    one = count()
    for index in range(1, 20):
        add(index)
    assert count() == one


def test_a_manager_of_two_organisations_sees_both_and_chooses(client, manager, org):
    from tests.factories import OrganisationFactory

    second = OrganisationFactory(code="second-org")
    MembershipFactory(user=manager, organisation=second, role=Role.PROVIDER_MANAGER)
    FacilityFactory(organisation=second, name="Second")
    client.force_login(manager)
    assert "Second" in client.get(reverse("providers:facilities")).content.decode()
    form = client.get(reverse("providers:facility_new")).context["form"]
    assert set(form.fields["organisation"].queryset) == {org, second}

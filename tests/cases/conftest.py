import pytest

from qamqor.catalog.models import Region
from qamqor.core.access import Role
from tests.factories import CertificationFactory, FacilityFactory, MembershipFactory


@pytest.fixture
def staff(org, other_org):
    """One user per case role in own-org, and a case worker and supervisor in other-org."""
    roles = [Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR]
    people = {role.value: MembershipFactory(organisation=org, role=role).user for role in roles}
    people["caseworker2"] = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    people["other_caseworker"] = MembershipFactory(
        organisation=other_org, role=Role.CASEWORKER
    ).user
    people["other_supervisor"] = MembershipFactory(
        organisation=other_org, role=Role.SUPERVISOR
    ).user
    return people


@pytest.fixture
def certified(org, other_org):
    """Both organisations serve Astana and are certified for psychological, legal, medical and
    shelter services; each has a 2-bed shelter."""
    astana = Region.objects.get(code="KZ-71")
    types = ["social_psychological", "social_legal", "social_medical", "shelter"]
    for organisation in (org, other_org):
        organisation.regions_served.set([astana])
        CertificationFactory(organisation=organisation, service_types=types)
    return {
        "own_shelter": FacilityFactory(organisation=org, name="Own shelter", bed_capacity=2),
        "other_shelter": FacilityFactory(organisation=other_org, name="Other shelter", bed_capacity=2),
    }

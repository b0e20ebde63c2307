import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from qamqor.accounts.models import Membership, Organisation, User
from qamqor.catalog.models import AtRiskGroup, Region, ServiceType
from qamqor.providers.models import Certification, Facility

PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = make_password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"org-{n}")
    name_kk = factory.Sequence(lambda n: f"Ұйым {n}")
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.NGO
    is_provider = True
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))

    @factory.post_generation
    def regions_served(self, create, extracted, **kwargs):
        if create:
            self.regions_served.set(extracted if extracted is not None else [self.region])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = _PASSWORD_HASH


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "caseworker"


def _today():
    return timezone.localdate()


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: f"TEST-{n:05d}")
    issued_by = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.STATE_BODY)
    valid_from = factory.LazyFunction(lambda: _today() - dt.timedelta(days=365))
    valid_until = factory.LazyFunction(lambda: _today() + dt.timedelta(days=365))

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["social_psychological"]
            self.service_types.set(ServiceType.objects.filter(code__in=codes))


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Facility {n}")
    kind = Facility.Kind.SHELTER
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))
    bed_capacity = 10


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Person"
        skip_postgeneration_save = True

    registered_by = factory.SubFactory(OrganisationFactory)
    given_name = "Aidana"
    family_name = factory.Sequence(lambda n: f"Family{n}")
    birth_year = 1990
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))

    @factory.post_generation
    def name_index(self, create, extracted, **kwargs):
        if create:
            from qamqor.people.services import index_names

            index_names(self)


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Intake"

    organisation = factory.SubFactory(OrganisationFactory)
    channel = "walk_in"
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))
    recorded_by = factory.SubFactory(UserFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Case"

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(
        PersonFactory, registered_by=factory.SelfAttribute("..organisation")
    )
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))
    status = "active"


class HotlineCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protection.HotlineCall"

    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))
    topic = "domestic_violence"
    language = "ru"
    recorded_by = factory.SubFactory(UserFactory)


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protection.Screening"

    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))
    place = "border_checkpoint"
    screened_by = factory.SubFactory(UserFactory)
    score = 12
    threshold = 10
    status = "awaiting_identification"


# Records of a case and of a provider. Each default is what the tests used to write by hand;
# the organisation and region follow the case unless given.


class CaseAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.CaseAssignment"

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Consent"

    case = factory.SubFactory(CaseFactory)
    categories = "identity"
    given_on = factory.LazyFunction(_today)
    valid_until = factory.LazyFunction(lambda: _today() + dt.timedelta(days=30))
    recorded_by = factory.SubFactory(UserFactory)


class EligibilityDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.EligibilityDecision"

    case = factory.SubFactory(CaseFactory)
    group = factory.LazyFunction(lambda: AtRiskGroup.objects.order_by("pk").first())
    outcome = "granted"
    decided_by = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("case.organisation")
    region = factory.SelfAttribute("case.region")


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Closure"

    case = factory.SubFactory(CaseFactory)
    outcome = "goals_met"
    reason = "x"
    requested_by = factory.SubFactory(UserFactory)


class ShelterStayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.ShelterStay"

    case = factory.SubFactory(CaseFactory)
    facility = factory.SubFactory(
        FacilityFactory, organisation=factory.SelfAttribute("..case.organisation")
    )
    admitted_on = factory.LazyFunction(_today)
    admission_reason = "x"
    admitted_by = factory.SubFactory(UserFactory)
    region = factory.SelfAttribute("facility.region")


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Referral"

    case = factory.SubFactory(CaseFactory)
    from_organisation = factory.SelfAttribute("case.organisation")
    to_organisation = factory.SubFactory(OrganisationFactory)
    reason = "x"
    sent_by = factory.SubFactory(UserFactory)
    region = factory.SelfAttribute("case.region")


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Transfer"

    case = factory.SubFactory(CaseFactory)
    from_organisation = factory.SelfAttribute("case.organisation")
    to_organisation = factory.SubFactory(OrganisationFactory)
    reason = "x"
    requested_by = factory.SubFactory(UserFactory)


class FamilyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.FamilyLink"

    person = factory.SubFactory(PersonFactory)
    relative = factory.SubFactory(PersonFactory)
    relation = "sibling"
    recorded_by = factory.SubFactory(UserFactory)


class ProtectiveOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protection.ProtectiveOrder"

    case = factory.SubFactory(CaseFactory)
    kind = "police_protective"
    issuing_body = "x"
    issued_on = factory.LazyFunction(_today)
    valid_from = factory.SelfAttribute("issued_on")
    valid_until = factory.LazyAttribute(lambda order: order.issued_on + dt.timedelta(days=30))
    conditions = "x"
    respondent_name = "x"
    respondent_relationship = "spouse"
    recorded_by = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("case.organisation")
    region = factory.SelfAttribute("case.region")


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protection.SafetyPlan"

    case = factory.SubFactory(CaseFactory)
    steps = factory.LazyFunction(lambda: ["x"])
    review_due = factory.LazyFunction(_today)
    created_by = factory.SubFactory(UserFactory)


class CertificationSuspensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.CertificationSuspension"

    certification = factory.SubFactory(CertificationFactory)
    suspended_from = factory.LazyFunction(_today)
    reason = "inspection"


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.Funding"

    organisation = factory.SubFactory(OrganisationFactory)
    source = "grant"
    year = 2026

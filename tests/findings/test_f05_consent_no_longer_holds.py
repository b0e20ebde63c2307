"""Finding 5 (medium): consent that no longer held kept sharing. Withdrawal narrowed referrals
that were `sent` or `accepted` but not `completed` ones; a consent past its `valid_until`
narrowed nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from qamqor.cases import referrals, services
from qamqor.cases.models import Consent
from tests.findings.conftest import refer, shows_identity
from tests.helpers import api_client as api


def _b_sees(world):
    client = api(world["users"]["B_caseworker"])
    case = client.get(f"/api/v1/cases/{world['case'].code}/")
    person = client.get(f"/api/v1/persons/{world['person'].code}/")
    return case, person


@pytest.mark.django_db
def test_withdrawn_consent_stops_sharing_through_a_completed_referral(world):
    referral = refer(world, "B", ["identity", "services"])
    referrals.referral_complete(actor=world["users"]["B_caseworker"], referral=referral)
    services.consent_withdraw(actor=world["users"]["A_caseworker"], consent=world["consent"])
    case, person = _b_sees(world)
    assert case.status_code == 200 and case.json()["shared"] == []
    assert not shows_identity(case.content)
    assert person.status_code == 404


@pytest.mark.django_db
def test_an_expired_consent_stops_sharing(world):
    refer(world, "B", ["identity", "services"])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    # The consent ran out yesterday (recorded for a shorter period than first thought).
    Consent.objects.filter(pk=world["consent"].pk).update(
        given_on=yesterday - dt.timedelta(days=30), valid_until=yesterday
    )
    case, person = _b_sees(world)
    assert case.status_code == 200 and case.json()["shared"] == []
    assert person.status_code == 404

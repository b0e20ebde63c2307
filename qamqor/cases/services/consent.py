"""Consent to share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases.models import (
    Case,
    CaseEvent,
    Consent,
    join_categories,
)
from qamqor.cases.services.common import event, must_be_open, require
from qamqor.core.access import Action
from qamqor.core.errors import InvalidTransitionError

# Consent


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    categories: Iterable[str],
    given_on: dt.date,
    valid_until: dt.date,
    recipient: Organisation | None = None,
) -> Consent:
    require(actor, Action.EDIT_CASE, case)
    must_be_open(case)
    consent = Consent(
        case=case,
        categories=join_categories(categories),
        recipient=recipient,
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    event(case, CaseEvent.Kind.CONSENT, actor, consent.categories)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, on: dt.date | None = None) -> Consent:
    """Withdraw a consent. Referrals stop sharing what no other valid consent allows at once,
    whatever their status: what a referral shares is checked against the consents when the
    case is read (cases.access), never stored beyond what was asked when it was sent."""
    require(actor, Action.EDIT_CASE, consent.case)
    if consent.withdrawn_on is not None:
        raise InvalidTransitionError(_("The consent was already withdrawn."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    event(consent.case, CaseEvent.Kind.CONSENT_WITHDRAWN, actor, consent.categories)
    return consent

"""Formal identification as a victim of trafficking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.cases import services as case_services
from qamqor.cases.models import Case
from qamqor.cases.services import event, lock, must_be_open, require
from qamqor.catalog.models import AtRiskGroup
from qamqor.core.access import Action
from qamqor.protection import alerts, htcds
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import (
    Identification,
    Screening,
)
from qamqor.protection.services.common import (
    TRAFFICKING_GROUP,
    S,
    _not_in_future,
    _restrict,
)

# Identification


def _check_identification(
    decision: str,
    trafficking_status: str,
    exploitation_types: set[str],
    labour_industry: str,
    scope: str,
    country: str,
) -> None:
    errors: dict[str, list] = {}
    identified = decision == Identification.Decision.IDENTIFIED
    actual = trafficking_status == htcds.TraffickingStatus.ACTUAL
    if identified and not actual:
        errors["trafficking_status"] = [_("An identified victim is an actual victim.")]
    if not identified and actual:
        errors["trafficking_status"] = [_("Only an identified victim is an actual victim.")]
    if identified and not exploitation_types:
        errors["exploitation_types"] = [_("Give at least one type of exploitation.")]
    if not exploitation_types <= set(htcds.ExploitationType.values):
        errors["exploitation_types"] = [_("Choose from the HTCDS types of exploitation.")]
    if labour_industry and htcds.exploitation_form(exploitation_types) != "forced_labour":
        errors["labour_industry"] = [_("An industry is recorded for labour exploitation only.")]
    if scope == Identification.Scope.CROSS_BORDER and not country:
        errors["country_of_exploitation"] = [_("Give the country of exploitation.")]
    if country and not htcds.is_country(country):
        errors["country_of_exploitation"] = [_("Not an ISO 3166 country code.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def identification_record(
    *,
    actor: User,
    case: Case,
    decision: str,
    deciding_body: str,
    trafficking_status: str,
    scope: str,
    exploitation_types: Iterable[str] = (),
    labour_industry: str = "",
    country_of_exploitation: str = "",
    decided_on: dt.date | None = None,
) -> Identification:
    """Record the formal identification. A positive one adds the trafficking group to the
    case as a granted eligibility decision awaiting a supervisor's approval; the screenings
    of the case are settled either way."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    must_be_open(case)
    decided_on = decided_on or timezone.localdate()
    _not_in_future("decided_on", decided_on)
    types = set(exploitation_types)
    country = country_of_exploitation.upper()
    if scope == Identification.Scope.DOMESTIC and not country:
        country = "KZ"
    _check_identification(decision, trafficking_status, types, labour_industry, scope, country)
    identification = Identification(
        case=case,
        screening=case.screenings.order_by("-screened_at").first(),
        decision=decision,
        deciding_body=deciding_body,
        decided_on=decided_on,
        trafficking_status=trafficking_status,
        labour_industry=labour_industry,
        scope=scope,
        country_of_exploitation=country,
        recorded_by=actor,
        organisation_id=case.organisation_id,
        region_id=case.region_id,
    )
    identification.set_exploitation_types(types)
    identification.full_clean()
    if case.status == S.INTAKE:
        case_services.move(case, S.ASSESSMENT, actor)
    identified = decision == Identification.Decision.IDENTIFIED
    if identified:
        identification.eligibility_decision = case_services.decision_record(
            actor=actor,
            case=case,
            group=AtRiskGroup.objects.get(code=TRAFFICKING_GROUP),
            outcome="granted",
        )
    identification.save()
    settled = Screening.Status.IDENTIFIED if identified else Screening.Status.NOT_IDENTIFIED
    screenings = case.screenings.filter(status=Screening.Status.IN_IDENTIFICATION)
    pks = list(screenings.values_list("pk", flat=True))
    screenings.update(status=settled, updated_at=timezone.now())
    _restrict(case)
    event(case, ProtectionEvent.IDENTIFICATION, actor, decision)
    alerts.refresh(screenings=Screening.objects.filter(pk__in=pks))
    return identification

"""Trafficking screening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases.models import Case, Intake, RiskLevel
from qamqor.cases.services import event, require
from qamqor.catalog.models import AtRiskGroup, Region, TraffickingIndicator
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, InvalidTransitionError
from qamqor.core.validators import check_event
from qamqor.people.models import Citizenship, Person
from qamqor.protection import alerts
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import (
    Answer,
    Screening,
    ScreeningAnswer,
)
from qamqor.protection.services.checklists import _answer_errors
from qamqor.protection.services.common import TRAFFICKING_GROUP, _new_person, _open_case

# Trafficking screening


def indicators_in_force(on: dt.date | None = None) -> QuerySet[TraffickingIndicator]:
    return TraffickingIndicator.objects.in_force(on).order_by("category", "sort_order", "code")


@transaction.atomic
def screening_record(
    *,
    actor: User,
    organisation: Organisation,
    place: str,
    answers: Mapping[str, str],
    region: Region | None = None,
    screened_at: dt.datetime | None = None,
    sex: str = "unknown",
    age_group: str = Screening.AgeGroup.UNKNOWN,
    citizenship: str = Citizenship.UNKNOWN,
) -> Screening:
    """Score a checklist (indicator code → yes / no / unknown; an indicator left out is
    unknown) against the organisation's threshold."""
    require(actor, Action.SCREEN, organisation)
    screened_at = screened_at or timezone.now()
    check_event("screened_at", screened_at)
    indicators = {item.code: item for item in indicators_in_force(timezone.localdate(screened_at))}
    errors = _answer_errors(
        answers, indicators, "unknown_indicator", _("Not an indicator in force.")
    )
    if errors:
        unknown = any(item["code"] == "unknown_indicator" for (item,) in errors.values())
        raise ApplicationError(
            _("Some answers are for indicators that are not in force.")
            if unknown
            else _("Answer each indicator with yes, no or unknown."),
            code="unknown_indicator" if unknown else "invalid_answer",
            fields=errors,
        )
    score = sum(indicators[code].weight for code, answer in answers.items() if answer == "yes")
    threshold = organisation.screening_threshold
    screening = Screening(
        organisation=organisation,
        region=region or organisation.region,
        place=place,
        screened_at=screened_at,
        screened_by=actor,
        sex=sex,
        age_group=age_group,
        citizenship=citizenship,
        score=score,
        threshold=threshold,
        status=Screening.Status.AWAITING
        if score >= threshold
        else Screening.Status.BELOW_THRESHOLD,
    )
    screening.full_clean()
    screening.save()
    ScreeningAnswer.objects.bulk_create(
        ScreeningAnswer(
            screening=screening,
            indicator=indicator,
            answer=answers.get(code, Answer.UNKNOWN),
        )
        for code, indicator in indicators.items()
    )
    alerts.refresh(screenings=Screening.objects.filter(pk=screening.pk))
    return screening


@transaction.atomic
def screening_open_case(
    *,
    actor: User,
    screening: Screening,
    person: Person | None = None,
    lead_worker: User | None = None,
) -> Case:
    """Refer a screening that reached the threshold for formal identification: open a
    restricted case claiming the trafficking group, for the person screened."""
    require(actor, Action.VIEW_SCREENING, screening)
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    if screening.status != Screening.Status.AWAITING:
        if screening.status == Screening.Status.BELOW_THRESHOLD:
            raise InvalidTransitionError(
                _("The screening is below the threshold; it is only counted.")
            )
        raise InvalidTransitionError(_("This screening is already referred for identification."))
    if person is None:
        person = _new_person(
            actor,
            screening.organisation,
            region=screening.region,
            sex=screening.sex,
            citizenship=screening.citizenship,
        )
    case = _open_case(
        actor=actor,
        organisation=screening.organisation,
        channel=Intake.Channel.SCREENING,
        region=screening.region,
        received_at=screening.screened_at,
        anonymous=False,
        presenting_problem="",
        immediate_risk=RiskLevel.NONE,
        person=person,
        groups=AtRiskGroup.objects.filter(code=TRAFFICKING_GROUP),
        lead_worker=lead_worker,
    )
    screening.case = case
    screening.status = Screening.Status.IN_IDENTIFICATION
    screening.save(update_fields=["case", "status", "updated_at"])
    event(case, ProtectionEvent.SCREENING_ADDED, actor, f"{screening.score}/{screening.threshold}")
    alerts.refresh(screenings=Screening.objects.filter(pk=screening.pk))
    return case

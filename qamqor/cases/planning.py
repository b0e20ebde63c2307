"""Needs assessment, the individual service plan (proposed from the standards) and service
deliveries (checked against the provider's certification and the standard)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases.access import shared_with
from qamqor.cases.models import (
    Approval,
    Case,
    CaseEvent,
    EligibilityDecision,
    Need,
    NeedsAssessment,
    PlanItem,
    ServiceDelivery,
    ServicePlan,
)
from qamqor.cases.services import event, lock, require
from qamqor.catalog.models import AtRiskGroup, ServiceType, Standard
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import InvalidTransitionError
from qamqor.core.validators import check_event
from qamqor.providers import selectors as providers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = Case.Status
DEFAULT_REVIEW_DAYS = 90


def _field_error(field: str, message: StrOrPromise, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# Assessment


@transaction.atomic
def assessment_record(
    *, actor: User, case: Case, needs: dict[str, tuple[int, str]], on: dt.date | None = None
) -> NeedsAssessment:
    """Record the severity (and a short note) of each assessed need domain."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    if case.status not in (S.ASSESSMENT, S.ELIGIBILITY, S.ACTIVE):
        raise InvalidTransitionError(_("Start the assessment first."))
    if not needs:
        raise _field_error("needs", _("Assess at least one domain."), "required")
    unknown = set(needs) - set(Need.Domain.values)
    if unknown:
        raise _field_error("needs", _("Unknown domain: %(domain)s.") % {"domain": min(unknown)})
    assessment = NeedsAssessment(
        case=case, assessed_by=actor, assessed_on=on or timezone.localdate()
    )
    assessment.full_clean()
    assessment.save()
    for domain, (severity, note) in needs.items():
        need = Need(assessment=assessment, domain=domain, severity=severity, note=note)
        need.full_clean()
        need.save()
    worst = max(severity for severity, _note in needs.values())
    event(case, CaseEvent.Kind.ASSESSMENT, actor, str(worst))
    return assessment


# The plan


@dataclass
class ProposedItem:
    service_type: ServiceType
    standard: Standard | None
    provider: Organisation | None
    units: int
    requested_on: dt.date
    due_on: dt.date
    deviation_reason: str = ""


def granted_groups(case: Case) -> list[AtRiskGroup]:
    """Groups with an approved, granted eligibility decision."""
    return list(
        AtRiskGroup.objects.filter(
            pk__in=case.decisions.filter(
                outcome=EligibilityDecision.Outcome.GRANTED, approval=Approval.APPROVED
            ).values("group")
        )
    )


def _default_provider(case: Case, service_type: ServiceType, on: dt.date) -> Organisation | None:
    eligible = providers.providers_for(service_type=service_type, region=case.region, on=on)
    return eligible.filter(pk=case.organisation_id).first() or eligible.first()


def propose_plan(case: Case, on: dt.date | None = None) -> list[ProposedItem]:
    """One item per service type of the standards in force on `on` for the granted groups:
    the standard's minimum scope, due within its days to first service, with the case's own
    organisation as provider when it is certified, else another certified provider."""
    on = on or timezone.localdate()
    standards = (
        Standard.objects.in_force(on)
        .filter(group__in=granted_groups(case))
        .select_related("service_type", "group", "setting")
        .order_by("service_type__sort_order", "days_to_first_service", "-max_units")
    )
    proposed: dict[int, ProposedItem] = {}
    for standard in standards:
        if standard.service_type_id in proposed:
            continue  # the quickest standard for the type wins
        proposed[standard.service_type_id] = ProposedItem(
            service_type=standard.service_type,
            standard=standard,
            provider=_default_provider(case, standard.service_type, on),
            units=max(standard.min_units, 1),
            requested_on=on,
            due_on=on + dt.timedelta(days=standard.days_to_first_service),
        )
    return list(proposed.values())


def _check_item(case: Case, item: ProposedItem, index: int, granted: set[int]) -> None:
    """An item follows a standard of its service type, in force on the day it is requested,
    for a group granted to the case; without one only when no such standard exists and the
    worker gives a reason. `granted` holds the ids of the granted groups."""
    prefix = f"items.{index}"
    if item.standard is None:
        _check_without_standard(item, prefix, granted)
    else:
        _check_standard(item, item.standard, prefix, granted)
    if item.provider is not None and not providers.may_provide(
        organisation=item.provider,
        service_type=item.service_type,
        region=case.region,
        on=item.requested_on,
    ):
        raise _field_error(
            f"{prefix}.provider",
            _("This provider is not certified for the service in the case's region."),
            "provider_not_certified",
        )


def _check_standard(item: ProposedItem, standard: Standard, prefix: str, granted: set[int]) -> None:
    if standard.service_type_id != item.service_type.pk:
        raise _field_error(
            f"{prefix}.standard",
            _("The standard %(standard)s is for another service type.")
            % {"standard": standard.name},
            "standard_other_service",
        )
    if not standard.is_in_force(item.requested_on):
        raise _field_error(
            f"{prefix}.standard",
            _("The standard %(standard)s is not in force on %(date)s.")
            % {"standard": standard.name, "date": item.requested_on},
            "standard_not_in_force",
        )
    if standard.group_id not in granted:
        raise _field_error(
            f"{prefix}.standard",
            _("The standard is for a group not granted."),
            "standard_group_not_granted",
        )
    outside = not standard.min_units <= item.units <= standard.max_units
    late = item.due_on > item.requested_on + dt.timedelta(days=standard.days_to_first_service)
    if (outside or late) and not item.deviation_reason.strip():
        raise _field_error(
            f"{prefix}.deviation_reason",
            _(
                "Give a reason for deviating from the standard (%(min)s–%(max)s %(unit)s, "
                "first service within %(days)s days)."
            )
            % {
                "min": standard.min_units,
                "max": standard.max_units,
                "unit": standard.get_unit_display(),
                "days": standard.days_to_first_service,
            },
            "deviation_reason_required",
        )


def _check_without_standard(item: ProposedItem, prefix: str, granted: set[int]) -> None:
    applicable = Standard.objects.in_force(item.requested_on).filter(
        group__in=granted, service_type=item.service_type
    )
    if applicable.exists():
        raise _field_error(
            f"{prefix}.standard",
            _("Choose the standard: one is in force for this service and a group granted."),
            "standard_required",
        )
    if not item.deviation_reason.strip():
        raise _field_error(
            f"{prefix}.deviation_reason",
            _("No standard of a group granted covers this service: give the reason for it."),
            "deviation_reason_required",
        )


@transaction.atomic
def plan_create(*, actor: User, case: Case, items: Iterable[ProposedItem]) -> ServicePlan:
    """Make the case's current service plan (the previous one is kept, superseded)."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    if case.status != S.ACTIVE:
        raise InvalidTransitionError(_("A plan needs an approved eligibility decision first."))
    items = list(items)
    if not items:
        raise _field_error("items", _("A plan has at least one item."), "required")
    granted = {group.pk for group in granted_groups(case)}
    for index, item in enumerate(items):
        _check_item(case, item, index, granted)
    review_days = min(
        (item.standard.plan_review_days for item in items if item.standard),
        default=DEFAULT_REVIEW_DAYS,
    )
    case.plans.filter(is_current=True).update(is_current=False)
    plan = ServicePlan.objects.create(
        case=case,
        created_by=actor,
        review_due=timezone.localdate() + dt.timedelta(days=review_days),
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            case=case,
            service_type=item.service_type,
            standard=item.standard,
            provider=item.provider,
            units=item.units,
            requested_on=item.requested_on,
            due_on=item.due_on,
            deviation_reason=item.deviation_reason.strip(),
        )
        for item in items
    )
    event(case, CaseEvent.Kind.PLAN, actor, ",".join(i.service_type.code for i in items))
    return plan


# Deliveries


def _standard_for(case: Case, service_type: ServiceType, requested_on: dt.date) -> Standard | None:
    return (
        Standard.objects.in_force(requested_on)
        .filter(group__in=granted_groups(case), service_type=service_type)
        .order_by("days_to_first_service")
        .first()
    )


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    case: Case,
    service_type: ServiceType,
    provider: Organisation,
    delivered_on: dt.date,
    units: int,
    outcome: str = ServiceDelivery.Outcome.COMPLETED,
    plan_item: PlanItem | None = None,
) -> ServiceDelivery:
    """Record a service given. Only a provider certified for the service type, serving the
    case's region on that date may be recorded; waiting time and scope are judged against the
    standard in force when the service was requested."""
    acting_for_referral = not access.can(actor, Action.EDIT_CASE, case)
    if acting_for_referral:
        require(actor, Action.ACT_ON_REFERRAL, case)
        if "services" not in shared_with(actor, case):
            raise PermissionDenied  # only where the services given are shared, under consent
        if provider.pk not in {org for org, _role in access.memberships(actor)}:
            raise PermissionDenied  # a receiving organisation records only its own services
    case = lock(case)
    if case.status != S.ACTIVE:
        raise InvalidTransitionError(_("Services are recorded on active cases."))
    if plan_item is not None and (
        plan_item.case_id != case.pk or plan_item.service_type_id != service_type.pk
    ):
        raise _field_error("plan_item", _("The plan item is for another case or service."))
    check_event("delivered_on", delivered_on)  # before the certification on that day
    certification = providers.certification_in_force(
        organisation=provider, service_type=service_type, on=delivered_on
    )
    serves = (
        provider.is_active
        and provider.is_provider
        and provider.regions_served.filter(pk=case.region_id).exists()
    )
    if certification is None or not serves:
        raise _field_error(
            "provider",
            _(
                "%(provider)s is not certified to give this service in the case's region on "
                "%(date)s."
            )
            % {"provider": provider.name, "date": delivered_on},
            "provider_not_certified",
        )
    given = outcome in (ServiceDelivery.Outcome.COMPLETED, ServiceDelivery.Outcome.PARTIAL)
    if given and units < 1:
        raise _field_error("units", _("A service given has at least one unit."))
    requested_on = plan_item.requested_on if plan_item else case.opened_at.date()
    standard = (plan_item.standard if plan_item else None) or _standard_for(
        case, service_type, requested_on
    )
    delivery = ServiceDelivery(
        case=case,
        plan_item=plan_item,
        service_type=service_type,
        provider=provider,
        certification=certification,
        staff_member=actor,
        delivered_on=delivered_on,
        units=units if given else 0,
        outcome=outcome,
        standard=standard,
        region_id=case.region_id,
        organisation_id=case.organisation_id,
        group_id=standard.group_id if standard else None,
    )
    first = (
        given
        and not ServiceDelivery.objects.filter(
            case=case, service_type=service_type, units__gt=0
        ).exists()
    )
    if first:
        delivery.waiting_days = max((delivered_on - requested_on).days, 0)
        if standard is not None:
            delivery.within_waiting_standard = (
                delivery.waiting_days <= standard.days_to_first_service
            )
    if standard is not None and given:
        before = (
            ServiceDelivery.objects.filter(case=case, service_type=service_type).aggregate(
                total=Sum("units")
            )["total"]
            or 0
        )
        allowed = max(standard.max_units, plan_item.units if plan_item else 0)
        delivery.within_scope_standard = before + delivery.units <= allowed
    delivery.full_clean()
    delivery.save()
    if plan_item is not None and plan_item.first_delivered_on is None and given:
        plan_item.first_delivered_on = delivered_on
        plan_item.save(update_fields=["first_delivered_on"])
    event(case, CaseEvent.Kind.DELIVERY, actor, f"{service_type.code}:{delivery.units}")
    return delivery


def plan_item_for(case: Case, service_type: ServiceType) -> PlanItem | None:
    """The current plan's item for the service type, if any."""
    return (
        PlanItem.objects.filter(case=case, plan__is_current=True, service_type=service_type)
        .order_by("pk")
        .first()
    )

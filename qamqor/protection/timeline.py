"""How the protection events read on the case timeline (registered in ProtectionConfig)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qamqor.cases.models import CaseEvent, RiskLevel
from qamqor.protection.models import HotlineCall, Identification, OrderViolation, ProtectiveOrder

K = CaseEvent.Kind


def _order(detail: str) -> str:
    kind, until = detail.split(":")
    return _("%(kind)s, until %(date)s") % {
        "kind": ProtectiveOrder.Kind(kind).label,
        "date": until,
    }


def _violation(detail: str) -> str:
    kind, liability = detail.split(":")
    return f"{ProtectiveOrder.Kind(kind).label}: {OrderViolation.Liability(liability).label}"


def _review(detail: str) -> str:
    return _("next review %(date)s") % {"date": detail}


DESCRIBERS = {
    K.CALL_ADDED: lambda detail: str(HotlineCall.Topic(detail).label),
    K.SCREENING_ADDED: lambda detail: _("score %(score)s") % {"score": detail},
    K.IDENTIFICATION: lambda detail: str(Identification.Decision(detail).label),
    K.ORDER_ISSUED: _order,
    K.ORDER_REVOKED: lambda detail: str(ProtectiveOrder.Kind(detail).label),
    K.ORDER_VIOLATED: _violation,
    K.RISK_ASSESSED: lambda detail: str(RiskLevel(detail).label),
    K.SAFETY_PLAN: _review,
    K.SAFETY_PLAN_REVIEWED: _review,
}

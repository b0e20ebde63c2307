"""Protection's kinds of case event and how they read on the case timeline (registered with
cases' event kinds in ProtectionConfig.ready())."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qamqor.cases.models import RiskLevel
from qamqor.protection.models import HotlineCall, Identification, OrderViolation, ProtectiveOrder


class ProtectionEvent(models.TextChoices):
    CALL_ADDED = "call_added", gettext_lazy("Hotline call added")
    SCREENING_ADDED = "screening_added", gettext_lazy("Trafficking screening added")
    IDENTIFICATION = "identification", gettext_lazy("Trafficking identification decided")
    ORDER_ISSUED = "order_issued", gettext_lazy("Protective order recorded")
    ORDER_REVOKED = "order_revoked", gettext_lazy("Protective order revoked")
    ORDER_VIOLATED = "order_violated", gettext_lazy("Protective order violated")
    RISK_ASSESSED = "risk_assessed", gettext_lazy("Risk assessed")
    SAFETY_PLAN = "safety_plan", gettext_lazy("Safety plan made")
    SAFETY_PLAN_REVIEWED = "safety_plan_reviewed", gettext_lazy("Safety plan reviewed")


K = ProtectionEvent


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

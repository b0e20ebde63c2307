"""What every part of a case shares: the risk levels, approvals, the code default."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


def new_case_code() -> str:
    """Named by migration 0001 as the field's old default. Codes are now given on insert from
    the row id (qamqor.core.codes); an empty code is what CodedModel fills in."""
    return ""


class RiskLevel(models.TextChoices):
    NONE = "none", _("No immediate risk")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


# Cases sort by risk, highest first: the rank is stored on the case so that a worker's list
# comes from an index instead of a sort of every case they hold.
RISK_RANK = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2, RiskLevel.NONE: 3}


class Approval(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")

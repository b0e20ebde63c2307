"""What the cases app tells users in their inbox (accounts.notices), and where each notice
leads. Registered in CasesConfig.ready(); the services call `accounts.notices.notify`."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Notice


class CaseNotice(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    TRANSFER_RECEIVED = "transfer_received", _("Case transfer asked of you")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to you")
    APPROVAL_WAITING = "approval_waiting", _("Approval waiting")


def _received(notice: Notice) -> str:
    return reverse("cases:incoming")


def _case(notice: Notice) -> str:
    return reverse("cases:detail", args=[notice.case_code])


LINKS = {
    CaseNotice.REFERRAL_RECEIVED: _received,
    CaseNotice.TRANSFER_RECEIVED: _received,
    CaseNotice.CASE_ASSIGNED: _case,
    CaseNotice.APPROVAL_WAITING: _case,
}

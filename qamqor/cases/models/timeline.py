"""The case's timeline: one event per change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.cases.events import KIND_LENGTH, CaseKind, kind_choices
from qamqor.cases.models.base import USER
from qamqor.cases.models.intake_case import Case


class CaseEvent(models.Model):
    """One line of the case's timeline, written by the service that made the change."""

    # The case's own kinds; apps above cases add theirs (cases/events.py).
    Kind = CaseKind

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=KIND_LENGTH, choices=kind_choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(USER, models.PROTECT, related_name="+")
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "at"], name="cases_event_case_at")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

"""The risk checklist for victims of violence, and how its answers give a level.

The questions follow the structure of the widely used DASH checklist and the Danger
Assessment: each is answered yes / no / unknown; a "yes" adds the question's weight; a "yes"
to a question marked critical (strangulation, threats to kill, a weapon) makes the risk high
whatever the score. docs/protection.md lists the questions and the cut-offs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qamqor.cases.models import RiskLevel


@dataclass(frozen=True)
class Question:
    code: str
    text: Promise
    weight: int
    critical: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question("injured", _("Has the current incident resulted in injury?"), 2),
    Question("frightened", _("Is the person very frightened of what the abuser may do?"), 2),
    Question("isolated", _("Is the abuser isolating the person from family or friends?"), 1),
    Question("separation", _("Has the person separated or tried to separate recently?"), 2),
    Question("pregnant", _("Is the person pregnant or has she had a baby recently?"), 2),
    Question("children_harmed", _("Has the abuser hurt or threatened the children?"), 2),
    Question("escalating", _("Is the abuse happening more often or getting worse?"), 2),
    Question("controlling", _("Is the abuser constantly jealous or controlling?"), 1),
    Question("strangled", _("Has the abuser ever strangled, choked or suffocated them?"), 3, True),
    Question("threat_to_kill", _("Has the abuser threatened to kill them or others?"), 3, True),
    Question("weapon", _("Has the abuser used or threatened to use a weapon?"), 3, True),
    Question("sexual_violence", _("Has the abuser forced sex or sexual acts?"), 2),
    Question("stalking", _("Is the abuser following, watching or harassing them?"), 1),
    Question("order_breached", _("Has the abuser breached a protective order before?"), 2),
    Question("substances", _("Does the abuser misuse alcohol or drugs?"), 1),
    Question("suicide_threats", _("Has the abuser threatened or attempted suicide?"), 2),
)
BY_CODE = {question.code: question for question in QUESTIONS}
HIGH_FROM = 10
MEDIUM_FROM = 5


def score(answers: dict[str, str]) -> int:
    return sum(BY_CODE[code].weight for code, answer in answers.items() if answer == "yes")


def level(answers: dict[str, str]) -> RiskLevel:
    """High at a critical "yes" or a score of HIGH_FROM; medium from MEDIUM_FROM; low at any
    other "yes"; none without one."""
    total = score(answers)
    if total >= HIGH_FROM or any(
        answer == "yes" and BY_CODE[code].critical for code, answer in answers.items()
    ):
        return RiskLevel.HIGH
    if total >= MEDIUM_FROM:
        return RiskLevel.MEDIUM
    if total > 0:
        return RiskLevel.LOW
    return RiskLevel.NONE

"""Notifications: what a user is told of in their inbox (a referral received, a case assigned,
an approval waiting).

Accounts owns the inbox, below every app that tells users something. An app registers its
kinds of notice in its AppConfig.ready() (`register_notice_kinds`: a TextChoices and, for each
kind, the page a notice leads to) and calls `notify` inside the service that made the change,
in the same transaction: a notice exists exactly when the change does, once per recipient,
kind and record. When the record is dealt with (a referral answered, a decision reviewed),
`resolve` marks its notices read for everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from qamqor.accounts.models import Membership, Notice, Organisation, User
from qamqor.core.access import GRANTS, Action
from qamqor.core.registries import Registry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND_LENGTH = 24


@dataclass(frozen=True)
class NoticeKind:
    value: str
    label: StrOrPromise
    # The page the notice leads to (the case, the referrals received…).
    link: Callable[[Notice], str]


notice_kinds: Registry[NoticeKind] = Registry("notice kinds")


def register_notice_kinds(
    kinds: type[models.TextChoices], links: Mapping[str, Callable[[Notice], str]]
) -> None:
    """Add an app's kinds of notice (called from its AppConfig.ready())."""
    for kind in kinds:
        if len(kind.value) > KIND_LENGTH:
            raise ImproperlyConfigured(f"notice kind {kind.value!r} is too long")
        notice_kinds.register(kind.value, NoticeKind(kind.value, kind.label, links[kind]))


def holders(organisation: Organisation, action: Action) -> list[User]:
    """The active staff of `organisation` whose roles there grant `action`: who is told."""
    roles = [role for role, granted in GRANTS.items() if action in granted]
    memberships = Membership.objects.filter(
        organisation=organisation, role__in=roles, is_active=True, user__is_active=True
    ).select_related("user")
    return list({membership.user_id: membership.user for membership in memberships}.values())


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    organisation: Organisation,
    source: models.Model,
    case: models.Model | None = None,
    actor: User | None = None,
) -> int:
    """Tell `recipients` (never the actor, who knows) of `source`; once per recipient, kind and
    record, whatever the number of calls. Returns how many were told."""
    if kind not in notice_kinds:
        raise ImproperlyConfigured(f"notice kind {kind!r} is not registered")
    told = {user.pk: user for user in recipients if actor is None or user.pk != actor.pk}
    notices = [
        Notice(
            recipient=user,
            organisation=organisation,
            kind=kind,
            source_type=source._meta.label_lower,
            source_id=source.pk,
            case_id=case.pk if case is not None else None,
            case_code=getattr(case, "code", "") if case is not None else "",
        )
        for user in told.values()
    ]
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    return len(notices)


def resolve(*, source: models.Model) -> int:
    """The notices of `source` need no one's attention any more (the referral was answered,
    the decision reviewed): every recipient's unread one is marked read. Returns how many."""
    return Notice.objects.filter(
        source_type=source._meta.label_lower, source_id=source.pk, read_at__isnull=True
    ).update(read_at=timezone.now())

"""Writes about users and their memberships.

These services hold the rules on who may give which role to whom and who may set a password,
whatever the screen (the staff page, the administration site, set-up commands); every screen
calls them, so no screen can skip the rules or the access log:

- nobody changes their own roles: another manager or an administrator does;
- provider managers give and withdraw the organisation roles (ORGANISATION_ROLES) of the
  organisations they manage, to their own staff only: users who hold or held a membership
  there (creating accounts is an administrator's job);
- ministry-wide roles (certifier, analyst, auditor, administrator) are given and withdrawn by
  administrators only (`users.manage`);
- a password is set by its owner or by an administrator.

`actor` None is the system itself (the set-up commands create_admin and demo), which may do
anything; its changes are not in the access log, which records what a user did.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Membership, Notice, Organisation, User
from qamqor.audit import log
from qamqor.core import access
from qamqor.core.access import Action, Role

# Roles a provider manager may give within their own organisation; ministry-wide roles
# (certifier, analyst, auditor, administrator) are given by administrators only.
ORGANISATION_ROLES = frozenset(
    {Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR, Role.PROVIDER_MANAGER}
)


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError({"role": _("Choose a role from the list.")}) from None


def is_staff_of(user: User, organisation: Organisation) -> bool:
    """Does `user` hold, or did they hold, a membership in `organisation`?"""
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def may_change_role(
    actor: User | None,
    *,
    user: User,
    organisation: Organisation,
    role: Role | str,
    is_staff: bool | None = None,
) -> bool:
    """May `actor` give `user` the `role` in `organisation`, or withdraw it? (`is_staff`:
    whether `user` holds or held a membership there, when the caller already knows.)"""
    if actor is None:
        return True
    if actor.pk == user.pk:
        return False
    if not access.can(actor, Action.MANAGE_STAFF, organisation):
        return False
    if access.can(actor, Action.MANAGE_USERS):
        return True
    if role not in ORGANISATION_ROLES:
        return False
    return is_staff if is_staff is not None else is_staff_of(user, organisation)


def may_set_password(actor: User | None, user: User) -> bool:
    if actor is None or actor.pk == user.pk:
        return True
    return access.can(actor, Action.MANAGE_USERS, user)


def _log(actor: User | None, action: str, record: Model, request: HttpRequest | None) -> None:
    if actor is not None:
        log.record(actor, action, record, request)


@transaction.atomic
def membership_grant(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: Role | str,
    request: HttpRequest | None = None,
) -> Membership:
    """Give `user` the `role` in `organisation` (again, if it was withdrawn)."""
    role = _role(role)
    if not may_change_role(actor, user=user, organisation=organisation, role=role):
        raise PermissionDenied
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=organisation, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
        created = True
    if created:
        _log(actor, log.Action.GRANT, membership, request)
    access.forget(user)
    return membership


@transaction.atomic
def membership_withdraw(
    *, actor: User | None, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    # The rules are checked on the row as stored, not on what a form may have changed in
    # the object passed in.
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )
    if not may_change_role(
        actor, user=membership.user, organisation=membership.organisation, role=membership.role
    ):
        raise PermissionDenied
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        _log(actor, log.Action.WITHDRAW, membership, request)
    access.forget(membership.user)
    return membership


@transaction.atomic
def password_set(
    *, actor: User | None, user: User, password: str | None, request: HttpRequest | None = None
) -> User:
    """Set `user`'s password (None: no password, the account cannot log in with one)."""
    if not may_set_password(actor, user):
        raise PermissionDenied
    if password is None:
        user.set_unusable_password()
    else:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.error_list}) from None
        user.set_password(password)
    user.save(update_fields=["password"])
    _log(actor, log.Action.PASSWORD, user, request)
    return user


@transaction.atomic
def user_create(
    *, actor: User | None, user: User, password: str | None, request: HttpRequest | None = None
) -> User:
    """Save the new account `user` (not yet saved) with its password: administrators only.
    It holds no role until one is given (membership_grant)."""
    if user.pk is not None:
        raise ValueError("user_create saves a new user.")
    if actor is not None and not access.can(actor, Action.MANAGE_USERS):
        raise PermissionDenied
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _log(actor, log.Action.CREATE, user, request)
    return password_set(actor=actor, user=user, password=password, request=request)


def notice_mark_read(*, actor: User, notice: Notice) -> Notice:
    """The actor read their notice (another's is refused)."""
    if not access.can(actor, Action.READ_NOTICES, notice):
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, actor: User) -> int:
    """Every unread notice of the actor's, read; how many."""
    unread = access.scope(actor, Action.READ_NOTICES, Notice.objects.filter(read_at__isnull=True))
    return unread.update(read_at=timezone.now())

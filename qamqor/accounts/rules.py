"""The access rules of users, organisations and memberships (registered with the access policy
in AccountsConfig.ready())."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from qamqor.accounts.models import Membership
from qamqor.core import access
from qamqor.core.access import OwnedBy, Reach, Rule

R = Reach


class UserRule(Rule):
    """A user is reached through any organisation they are a member of."""

    def allows(self, user, action, obj, granted):
        if R.ANY in granted.reaches:
            return True
        member_of = set(obj.memberships.values_list("organisation_id", flat=True))
        return granted.covers(member_of)

    def filter(self, user, action, queryset, granted):
        if R.ANY in granted.reaches:
            return queryset
        reached = Membership.objects.filter(user=OuterRef("pk")).filter(
            granted.organisation_filter("organisation_id")
        )
        return queryset.filter(Exists(reached))


class ToRecipient(Rule):
    """A notice is its recipient's alone, and only while they still work for the organisation
    it came from: a role withdrawn takes that organisation's notices with it."""

    def allows(self, user, action, obj, granted):
        return (
            bool(granted)
            and obj.recipient_id == user.pk
            and obj.organisation_id in granted.member_of
        )

    def filter(self, user, action, queryset, granted):
        if not granted:
            return queryset.none()
        return queryset.filter(recipient=user, organisation_id__in=granted.member_of)


def register() -> None:
    access.register("accounts.Organisation", OwnedBy("pk"))
    access.register("accounts.Membership", OwnedBy("organisation"))
    access.register("accounts.User", UserRule())
    access.register("accounts.Notice", ToRecipient())

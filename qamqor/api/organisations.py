"""Which organisation a user acts for when a request does not say."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from qamqor.accounts.models import Organisation
from qamqor.core import access
from qamqor.core.access import Action


def acting_organisation(
    user, code: str | None, action: Action = Action.CREATE_CASE
) -> Organisation:
    """The organisation named by `code`, or the only one where the user may take `action`."""
    organisations = access.scope(user, action, Organisation.objects.filter(is_active=True))
    if code:
        organisation = organisations.filter(code=code).first()
        if organisation is None:
            raise serializers.ValidationError(
                {"organisation": [_("You cannot act for this organisation.")]}
            )
        return organisation
    candidates = list(organisations[:2])
    if len(candidates) != 1:
        raise serializers.ValidationError(
            {"organisation": [_("Say which organisation you act for.")]}
        )
    return candidates[0]

"""DRF glue for the access policy: views name their action; querysets are scoped by it."""

from rest_framework.permissions import BasePermission

from qamqor.core import access


class HasAction(BasePermission):
    """The user holds the view's `action` somewhere (objects are then checked by scope/can)."""

    def has_permission(self, request, view):
        return access.can(request.user, view.action_required)


class PolicyScopedMixin:
    """A read-only view whose rows are those the access policy lets the user see."""

    action_required: access.Action
    permission_classes = [HasAction]

    def get_queryset(self):
        return access.scope(self.request.user, self.action_required, super().get_queryset())

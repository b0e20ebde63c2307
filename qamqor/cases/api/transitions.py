"""Referrals and transfers, the transitions of a case between organisations."""

from __future__ import annotations

from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qamqor.api.permissions import HasAction
from qamqor.audit import log
from qamqor.core import access


class TransitionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Referrals and transfers (kinds of one transition of a case between organisations, in
    Primero's terms): the list of those sent to the user's organisations, and the answers to
    one of them. A record the user may not see is a 404 on every route (the services then
    check the action: 403)."""

    permission_classes = [HasAction]
    lookup_value_regex = r"\d+"
    model: type
    related: tuple[str, ...]  # what the serializer shows, fetched with the rows
    ordering: tuple[str, ...]
    find: staticmethod

    def get_queryset(self):
        return (
            access.scope(self.request.user, self.action_required, self.model.objects.all())
            .select_related("case", "from_organisation", "to_organisation", *self.related)
            .order_by(*self.ordering)
        )

    def get_permissions(self):
        if self.detail:
            return [IsAuthenticated()]
        return super().get_permissions()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        log.record_many(request.user, log.Action.LIST, [item.case for item in page], request)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def record(self, pk):
        if not self.request.user.is_authenticated:
            raise NotAuthenticated
        return type(self).find(self.request, pk)

    def answer(self, record):
        log.record(self.request.user, log.Action.CHANGE, record.case, self.request)
        return Response(self.get_serializer(record).data)

"""Intakes: /api/v1/intakes/."""

from __future__ import annotations

from rest_framework import mixins, viewsets
from rest_framework.response import Response

from qamqor.accounts.selectors import acting_organisation
from qamqor.api.permissions import HasAction
from qamqor.audit import log
from qamqor.cases import serializers as s
from qamqor.cases import services
from qamqor.cases.access import (
    access_intake,
)
from qamqor.cases.models import (
    Intake,
)
from qamqor.core import access
from qamqor.core.access import Action


class IntakeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Intakes: the first contact. Seen by the organisation's front-line staff until a case is
    opened from them; then the case's rules apply."""

    action_required = Action.CREATE_CASE
    permission_classes = [HasAction]
    serializer_class = s.IntakeSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return access.scope(
            self.request.user, Action.VIEW_CASE, Intake.objects.all()
        ).select_related("organisation", "region", "person", "recorded_by", "case")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.IntakeSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(s.IntakeSerializer(access_intake(request, kwargs["pk"])).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None)
        organisation = acting_organisation(
            self.request.user, organisation.code if organisation else None
        )
        serializer.instance = services.intake_create(
            actor=self.request.user, organisation=organisation, **data
        )

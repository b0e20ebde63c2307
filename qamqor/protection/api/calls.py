"""Hotline calls: /api/v1/calls/."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qamqor.api.permissions import HasAction
from qamqor.api.responses import created
from qamqor.audit import log
from qamqor.cases.access import find_case
from qamqor.cases.serializers import CaseDetailSerializer
from qamqor.core.access import Action
from qamqor.protection import selectors, services
from qamqor.protection import serializers as s
from qamqor.protection.access import access_call
from qamqor.protection.api.base import RECORD_ACTIONS, opened, organisation_of
from qamqor.protection.filters import CallFilter
from qamqor.protection.models import HotlineCall


class HotlineCallViewSet(viewsets.GenericViewSet):
    """Hotline calls: anonymous, seen by the organisation's operators and supervisors until
    a case is opened from them or they are added to one; then the case's rules apply."""

    action_required = Action.VIEW_CALL
    permission_classes = [HasAction]
    serializer_class = s.HotlineCallSerializer
    filterset_class = CallFilter
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        if self.action in RECORD_ACTIONS:
            return [IsAuthenticated()]  # a call the user may not see is a 404 below
        return super().get_permissions()

    def get_queryset(self):
        return selectors.visible_calls(self.request.user).select_related("organisation")

    def get_object(self) -> HotlineCall:
        return access_call(self.request, self.kwargs["pk"])

    def list(self, request):
        calls = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(calls)
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.HotlineCallSerializer(page, many=True).data)

    @extend_schema(request=s.HotlineCallSerializer, responses={201: s.HotlineCallSerializer})
    def create(self, request):
        """Log a call: only the topic and the language are needed."""
        payload = s.HotlineCallSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organisation = organisation_of(request, data, Action.LOG_CALL)
        call = services.call_log(actor=request.user, organisation=organisation, **data)
        log.record(request.user, log.Action.CREATE, call, request)
        return created(s.HotlineCallSerializer(call).data)

    def retrieve(self, request, pk=None):
        call = self.get_object()
        return Response(s.HotlineCallSerializer(call).data)

    @extend_schema(request=s.CallOpenCaseSerializer, responses={201: CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request, pk=None):
        """Open an intake and a restricted case from the call, for a person recorded with
        no identity."""
        call = self.get_object()
        payload = s.CallOpenCaseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.call_open_case(actor=request.user, call=call, **payload.validated_data)
        return opened(request, case)

    @extend_schema(request=s.AddToCaseSerializer, responses=s.HotlineCallSerializer)
    @action(detail=True, methods=["post"], url_path="add-to-case")
    def add_to_case(self, request, pk=None):
        """Add the call to an open case of the same organisation."""
        call = self.get_object()
        payload = s.AddToCaseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        view = find_case(request.user, payload.validated_data["case"])
        if view is None or not view.full:
            raise serializers.ValidationError({"case": [_("Not found.")]})
        case = view.case
        call = services.call_add_to_case(actor=request.user, call=call, case=case)
        log.record(request.user, log.Action.CHANGE, case, request)
        return Response(s.HotlineCallSerializer(call).data)

"""Transfers: a case's (/api/v1/cases/{code}/transfers/) and those sent to the user's
organisations (/api/v1/transfers/)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import serializers as s
from qamqor.cases import transfers
from qamqor.cases.access import (
    access_transfer,
)
from qamqor.cases.api.transitions import TransitionViewSet
from qamqor.cases.models import (
    Transfer,
)
from qamqor.core.access import Action


class TransferRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # Transfers

    @extend_schema(methods=["GET"], responses=s.TransferSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=s.TransferSerializer, responses={201: s.TransferSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def transfers(self, request, code=None):
        """Transfers of the case to another organisation (supervisors): asked with the
        person's consent to share everything with it; once accepted there, the case is
        theirs."""
        case = self.full_case()
        if request.method == "GET":
            items = case.transfers.select_related(
                "case", "from_organisation", "to_organisation", "requested_by", "responded_by"
            )
            return Response(s.TransferSerializer(items, many=True).data)
        payload = s.TransferSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        transfer = transfers.transfer_request(
            actor=request.user,
            case=case,
            to_organisation=payload.validated_data["to_organisation"],
            reason=payload.validated_data["reason"],
        )
        self._log(case)
        return created(s.TransferSerializer(transfer).data)


class TransferViewSet(TransitionViewSet):
    """Transfers asked of the user's organisations (supervisors): accept — the case becomes
    the organisation's — or decline; the sending side withdraws."""

    action_required = Action.TRANSFER_CASE
    serializer_class = s.TransferSerializer
    model = Transfer
    related = ("requested_by", "responded_by", "lead_worker")
    ordering = ("-requested_at", "-pk")
    find = staticmethod(access_transfer)

    @extend_schema(request=s.TransferAcceptSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        transfer = self.record(pk)
        payload = s.TransferAcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        transfer = transfers.transfer_accept(
            actor=request.user,
            transfer=transfer,
            lead_worker=payload.validated_data.get("lead_worker"),
        )
        return self.answer(transfer)

    @extend_schema(request=s.DeclineSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        transfer = self.record(pk)
        payload = s.DeclineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        transfer = transfers.transfer_decline(
            actor=request.user, transfer=transfer, reason=payload.validated_data["reason"]
        )
        return self.answer(transfer)

    @extend_schema(request=None, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        transfer = transfers.transfer_withdraw(actor=request.user, transfer=self.record(pk))
        return self.answer(transfer)

"""Referrals: a case's (/api/v1/cases/{code}/referrals/) and those sent to the user's
organisations (/api/v1/referrals/)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import referrals
from qamqor.cases import serializers as s
from qamqor.cases.access import (
    access_referral,
)
from qamqor.cases.api.transitions import TransitionViewSet
from qamqor.cases.models import (
    Referral,
)
from qamqor.core import access
from qamqor.core.access import Action


class ReferralRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # Referrals

    @extend_schema(request=s.ReferralSerializer, responses=s.ReferralSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="referrals")
    def referrals_list(self, request, code=None):
        view = self.view()
        case, user = view.case, request.user
        if request.method == "GET":
            items = case.referrals.select_related(
                "case", "from_organisation", "to_organisation", "service_type", "sent_by"
            )
            if not view.full:
                items = access.scope(user, Action.RESPOND_REFERRAL, items)
            return Response(s.ReferralSerializer(items, many=True).data)
        if not view.full:
            raise PermissionDenied
        payload = s.ReferralSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        referral = referrals.referral_send(
            actor=user,
            case=case,
            to_organisation=data["to_organisation"],
            reason=data["reason"],
            shared=data.get("shared", set()),
            service_type=data.get("service_type"),
        )
        self._log(case)
        return created(s.ReferralSerializer(referral).data)


class ReferralViewSet(TransitionViewSet):
    """Referrals sent to the user's organisations. Accept, decline, complete or withdraw."""

    action_required = Action.RESPOND_REFERRAL
    serializer_class = s.ReferralSerializer
    model = Referral
    related = ("service_type", "sent_by", "assigned_to")
    ordering = ("-sent_at", "-pk")
    find = staticmethod(access_referral)

    @extend_schema(request=s.AcceptSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        referral = self.record(pk)
        payload = s.AcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = referrals.referral_accept(
            actor=request.user,
            referral=referral,
            assigned_to=payload.validated_data.get("assigned_to"),
        )
        return self.answer(referral)

    @extend_schema(request=s.DeclineSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        referral = self.record(pk)
        payload = s.DeclineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = referrals.referral_decline(
            actor=request.user, referral=referral, reason=payload.validated_data["reason"]
        )
        return self.answer(referral)

    @extend_schema(request=None, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        referral = referrals.referral_complete(actor=request.user, referral=self.record(pk))
        return self.answer(referral)

    @extend_schema(request=None, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        referral = referrals.referral_withdraw(actor=request.user, referral=self.record(pk))
        return self.answer(referral)

"""A case's service plan and the services given: /api/v1/cases/{code}/plans/, …/deliveries/."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import planning
from qamqor.cases import serializers as s


class PlanRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # The plan and deliveries

    @extend_schema(responses=s.PlanItemSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="plan-proposal")
    def plan_proposal(self, request, code=None):
        """The plan proposed from the standards in force today for the granted groups."""
        case = self.full_case()
        return Response(s.PlanItemSerializer(planning.propose_plan(case), many=True).data)

    @extend_schema(request=s.PlanCreateSerializer, responses=s.PlanSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def plans(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            plans = case.plans.select_related("created_by").prefetch_related(
                "items__service_type", "items__standard", "items__provider"
            )
            return Response(s.PlanSerializer(plans, many=True).data)
        payload = s.PlanCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data["from_proposal"]:
            items = planning.propose_plan(case)
        else:
            today = timezone.localdate()
            items = []
            for data in payload.validated_data["items"]:
                standard = data.get("standard")
                requested = data.get("requested_on") or today
                due = data.get("due_on") or (
                    requested + dt.timedelta(days=standard.days_to_first_service)
                    if standard
                    else requested
                )
                items.append(
                    planning.ProposedItem(
                        service_type=data["service_type"],
                        standard=standard,
                        provider=data.get("provider"),
                        units=data["units"],
                        requested_on=requested,
                        due_on=due,
                        deviation_reason=data.get("deviation_reason", ""),
                    )
                )
        plan = planning.plan_create(actor=request.user, case=case, items=items)
        self._log(case)
        return created(s.PlanSerializer(plan).data)

    @extend_schema(request=s.DeliverySerializer, responses=s.DeliverySerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def deliveries(self, request, code=None):
        """Services given. An organisation that accepted a referral sees and records its own."""
        view = self.view()
        case, full, user = view.case, view.full, request.user
        if not (full or view.shows("services")):
            raise PermissionDenied
        if request.method == "GET":
            items = case.deliveries.select_related(
                "service_type", "provider", "staff_member", "standard", "plan_item"
            )
            return Response(s.DeliverySerializer(items, many=True).data)
        payload = s.DeliverySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan_item = data.get("plan_item") or planning.plan_item_for(case, data["service_type"])
        delivery = planning.delivery_record(
            actor=user,
            case=case,
            service_type=data["service_type"],
            provider=data["provider"],
            delivered_on=data["delivered_on"],
            units=data["units"],
            outcome=data["outcome"],
            plan_item=plan_item,
        )
        self._log(case)
        return created(s.DeliverySerializer(delivery).data)

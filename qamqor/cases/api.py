"""Cases in the API: /api/v1/intakes/, /api/v1/cases/{code}/… and /api/v1/referrals/….

A case the user may not reach answers 404 on every route; a reachable case and a forbidden
action answer 403. Reads and writes of a case are written to the access log.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qamqor.accounts.selectors import acting_organisation
from qamqor.api.concurrency import if_match_version, with_etag
from qamqor.api.permissions import HasAction
from qamqor.audit import log
from qamqor.cases import planning, referrals, selectors, services, shelter, transfers
from qamqor.cases import serializers as s
from qamqor.cases.access import (
    CaseView,
    access_case,
    access_intake,
    access_referral,
    access_transfer,
    find_intake,
)
from qamqor.cases.models import (
    Case,
    Closure,
    Consent,
    EligibilityDecision,
    Intake,
    Referral,
    ShelterStay,
    Transfer,
)
from qamqor.cases.timeline import describe
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.people.access import find_person
from qamqor.people.api import PersonSerializer
from qamqor.protection import selectors as protection_selectors
from qamqor.protection import serializers as ps
from qamqor.protection import services as protection


def _created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


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


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Case.Status.choices)
    region = django_filters.CharFilter(field_name="region__code")
    organisation = django_filters.CharFilter(field_name="organisation__code")
    lead_worker = django_filters.CharFilter(field_name="lead_worker__username")
    restricted = django_filters.BooleanFilter()
    opened_after = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__lt")
    mine = django_filters.BooleanFilter(method="filter_mine")
    unassigned = django_filters.BooleanFilter(
        field_name="lead_worker", lookup_expr="isnull", label=_("nobody leads it")
    )

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.my_cases(self.request.user).values("pk"))


class CaseViewSet(viewsets.GenericViewSet):
    """Cases the user may see, from opening to closure. `PATCH` needs the version read
    (If-Match); every step is a POST to the case's sub-resources."""

    action_required = Action.VIEW_CASE
    permission_classes = [HasAction]
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "code"

    def get_permissions(self):
        if self.detail:
            # A route on one case: the access function answers (401 signed out, 404 for a
            # case that does not exist for the user, 403 for a forbidden action), never a 403
            # that tells a user without case rights that the case is there.
            return []
        return super().get_permissions()

    def get_queryset(self):
        return (
            selectors.visible_cases(self.request.user)
            .select_related("person", "organisation", "region", "lead_worker")
            .prefetch_related("groups")
            .order_by("-opened_at", "-pk")
        )

    def view(self, action: Action | None = None) -> CaseView:
        """The case as the user may see it (404 when it does not exist for them, 403 when
        `action` is not theirs); every read is logged (cases.access)."""
        if not self.request.user.is_authenticated:
            raise NotAuthenticated
        return access_case(self.request, self.kwargs["code"], action)

    def case(self) -> Case:
        return self.view().case

    def full_case(self) -> Case:
        """The case, for actions that need the full view (403 for a referral's receiver)."""
        return self.view(Action.VIEW_CASE).case

    def _log(self, case: Case, action=log.Action.CHANGE):
        log.record(self.request.user, action, case, self.request)

    # The case itself

    def list(self, request):
        cases = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(cases)
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.CaseSerializer(page, many=True).data)

    @extend_schema(request=s.CaseOpenSerializer, responses={201: s.CaseDetailSerializer})
    def create(self, request):
        """Open a case from an intake, for a person (an existing code)."""
        payload = s.CaseOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        intake = find_intake(request.user, data["intake"])
        if intake is None:
            raise serializers.ValidationError({"intake": [_("Not found.")]})
        person = find_person(request.user, data["person"])
        if person is None:
            raise serializers.ValidationError({"person": [_("Not found.")]})
        case = services.case_open(
            actor=request.user,
            intake=intake,
            person=person,
            groups=data.get("groups", []),
            lead_worker=data.get("lead_worker"),
            summary=data.get("summary", ""),
        )
        self._log(case, log.Action.CREATE)
        return with_etag(_created(s.CaseDetailSerializer(case).data), case.version)

    @extend_schema(responses=s.CaseDetailSerializer)
    def retrieve(self, request, code=None):
        """The case in full, or — for an organisation that accepted a referral — the parts
        its referrals share, as far as the person's consent allows today."""
        view = self.view()
        case = view.case
        if view.full:
            log.record(request.user, log.Action.VIEW, case.person, request)
            return with_etag(Response(s.CaseDetailSerializer(case).data), case.version)
        return Response(self._referred_view(view))

    def _referred_view(self, view: CaseView) -> dict:
        case, shared = view.case, view.shared
        body = {
            "code": case.code,
            "status": case.status,
            "region": case.region.code,
            "organisation": case.organisation.code,
            "shared": sorted(shared),
        }
        if view.shows("identity"):
            body["person"] = PersonSerializer(case.person).data
            log.record(self.request.user, log.Action.VIEW, case.person, self.request)
        if view.shows("plan"):
            plan = case.plans.filter(is_current=True).prefetch_related("items").first()
            body["plan"] = s.PlanSerializer(plan).data if plan else None
        if view.shows("assessment"):
            body["assessments"] = s.AssessmentSerializer(
                case.assessments.prefetch_related("needs"), many=True
            ).data
        return body

    @extend_schema(request=s.CaseUpdateSerializer, responses=s.CaseDetailSerializer)
    def partial_update(self, request, code=None):
        case = self.full_case()
        version = if_match_version(request)
        payload = s.CaseUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.case_update(
            actor=request.user, case=case, version=version, **payload.validated_data
        )
        self._log(case)
        return with_etag(Response(s.CaseDetailSerializer(case).data), case.version)

    def _step(self, request, case, service, **kwargs):
        case = service(actor=request.user, case=case, **kwargs)
        self._log(case)
        return with_etag(Response(s.CaseSerializer(case).data), case.version)

    @extend_schema(request=None, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="start-assessment")
    def start_assessment(self, request, code=None):
        return self._step(request, self.full_case(), services.case_start_assessment)

    @extend_schema(request=s.ReasonSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, code=None):
        case = self.full_case()
        payload = s.ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._step(
            request, case, services.case_reopen, reason=payload.validated_data["reason"]
        )

    @extend_schema(request=s.AssignSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, code=None):
        case = self.full_case()
        payload = s.AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._step(request, case, services.case_assign, **payload.validated_data)

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request, code=None):
        case = self.full_case()
        return Response(s.EventSerializer(describe(selectors.timeline(case)), many=True).data)

    # Assessments and eligibility

    @extend_schema(request=s.AssessmentSerializer, responses=s.AssessmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def assessments(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.assessments.select_related("assessed_by").prefetch_related("needs")
            return Response(s.AssessmentSerializer(items, many=True).data)
        payload = s.AssessmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        needs = {
            need["domain"]: (need["severity"], need.get("note", ""))
            for need in payload.validated_data["needs"]
        }
        assessment = planning.assessment_record(
            actor=request.user, case=case, needs=needs, on=payload.validated_data.get("assessed_on")
        )
        self._log(case)
        return _created(s.AssessmentSerializer(assessment).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.DecisionSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.decisions.select_related(
                "group", "refusal_reason", "decided_by", "approved_by"
            )
            return Response(s.DecisionSerializer(items, many=True).data)
        payload = s.DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        decision = services.decision_record(
            actor=request.user,
            case=case,
            group=data["group"],
            outcome=data["outcome"],
            refusal_reason=data.get("refusal_reason"),
            legal_basis=data.get("legal_basis", ""),
        )
        self._log(case)
        return _created(s.DecisionSerializer(decision).data)

    def _decision(self, case, pk) -> EligibilityDecision:
        decision = case.decisions.filter(pk=pk).first()
        if decision is None:
            raise Http404
        return decision

    @extend_schema(request=None, responses=s.DecisionSerializer)
    @action(detail=True, methods=["post"], url_path=r"decisions/(?P<decision_id>\d+)/approve")
    def approve_decision(self, request, code=None, decision_id=None):
        case = self.full_case()
        decision = services.decision_approve(
            actor=request.user, decision=self._decision(case, decision_id)
        )
        self._log(case)
        return Response(s.DecisionSerializer(decision).data)

    @extend_schema(request=s.NoteSerializer, responses=s.DecisionSerializer)
    @action(detail=True, methods=["post"], url_path=r"decisions/(?P<decision_id>\d+)/reject")
    def reject_decision(self, request, code=None, decision_id=None):
        case = self.full_case()
        payload = s.NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = services.decision_reject(
            actor=request.user,
            decision=self._decision(case, decision_id),
            note=payload.validated_data["note"],
        )
        self._log(case)
        return Response(s.DecisionSerializer(decision).data)

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
        return _created(s.PlanSerializer(plan).data)

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
        return _created(s.DeliverySerializer(delivery).data)

    # Consent and referrals

    @extend_schema(request=s.ConsentSerializer, responses=s.ConsentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def consents(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.consents.select_related("recipient", "recorded_by")
            return Response(s.ConsentSerializer(items, many=True).data)
        payload = s.ConsentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        consent = services.consent_record(actor=request.user, case=case, **payload.validated_data)
        self._log(case)
        return _created(s.ConsentSerializer(consent).data)

    @extend_schema(request=None, responses=s.ConsentSerializer)
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>\d+)/withdraw")
    def withdraw_consent(self, request, code=None, consent_id=None):
        case = self.full_case()
        consent = Consent.objects.filter(case=case, pk=consent_id).first()
        if consent is None:
            raise Http404
        consent = services.consent_withdraw(actor=request.user, consent=consent)
        self._log(case)
        return Response(s.ConsentSerializer(consent).data)

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
        return _created(s.ReferralSerializer(referral).data)

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
        return _created(s.TransferSerializer(transfer).data)

    # Shelter

    @extend_schema(request=s.StaySerializer, responses=s.StaySerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def stays(self, request, code=None):
        view = self.view()
        case, user = view.case, request.user
        if not (view.full or view.shows("shelter")):
            raise PermissionDenied
        if request.method == "GET":
            return Response(
                s.StaySerializer(case.shelter_stays.select_related("admitted_by"), many=True).data
            )
        payload = s.StaySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        stay = shelter.stay_admit(
            actor=user,
            case=case,
            facility=data["facility"],
            admitted_on=data["admitted_on"],
            reason=data["admission_reason"],
        )
        self._log(case)
        return _created(s.StaySerializer(stay).data)

    @extend_schema(request=s.DischargeSerializer, responses=s.StaySerializer)
    @action(detail=True, methods=["post"], url_path=r"stays/(?P<stay_id>\d+)/discharge")
    def discharge(self, request, code=None, stay_id=None):
        case = self.case()
        stay = ShelterStay.objects.filter(case=case, pk=stay_id).select_related("facility").first()
        if stay is None:
            raise Http404
        payload = s.DischargeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        stay = shelter.stay_discharge(
            actor=request.user,
            stay=stay,
            discharged_on=payload.validated_data["discharged_on"],
            reason=payload.validated_data["reason"],
        )
        self._log(case)
        return Response(s.StaySerializer(stay).data)

    # Closure

    @extend_schema(request=s.ClosureSerializer, responses=s.ClosureSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def closures(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.closures.select_related("requested_by", "approved_by")
            return Response(s.ClosureSerializer(items, many=True).data)
        payload = s.ClosureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        closure = services.closure_request(actor=request.user, case=case, **payload.validated_data)
        self._log(case)
        return _created(s.ClosureSerializer(closure).data)

    def _closure(self, case, pk) -> Closure:
        closure = case.closures.filter(pk=pk).first()
        if closure is None:
            raise Http404
        return closure

    @extend_schema(request=None, responses=s.ClosureSerializer)
    @action(detail=True, methods=["post"], url_path=r"closures/(?P<closure_id>\d+)/approve")
    def approve_closure(self, request, code=None, closure_id=None):
        case = self.full_case()
        closure = services.closure_approve(
            actor=request.user, closure=self._closure(case, closure_id)
        )
        self._log(case)
        return Response(s.ClosureSerializer(closure).data)

    @extend_schema(request=None, responses=s.ClosureSerializer)
    @action(detail=True, methods=["post"], url_path=r"closures/(?P<closure_id>\d+)/followup")
    def closure_followup(self, request, code=None, closure_id=None):
        """Record that the follow-up after closure was done (today)."""
        case = self.full_case()
        closure = services.followup_record(
            actor=request.user, closure=self._closure(case, closure_id)
        )
        self._log(case)
        return Response(s.ClosureSerializer(closure).data)

    @extend_schema(request=s.NoteSerializer, responses=s.ClosureSerializer)
    @action(detail=True, methods=["post"], url_path=r"closures/(?P<closure_id>\d+)/reject")
    def reject_closure(self, request, code=None, closure_id=None):
        case = self.full_case()
        payload = s.NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        closure = services.closure_reject(
            actor=request.user,
            closure=self._closure(case, closure_id),
            note=payload.validated_data["note"],
        )
        self._log(case)
        return Response(s.ClosureSerializer(closure).data)

    # Protection: identification, protective orders, risk and safety plans. The lists are
    # neither paginated nor filtered.

    @extend_schema(methods=["GET"], responses=ps.IdentificationSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ps.IdentificationSerializer,
        responses={201: ps.IdentificationSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def identifications(self, request, code=None):
        """Formal identification as a victim of trafficking, in HTCDS terms. A positive one
        adds the trafficking group as a decision awaiting a supervisor's approval."""
        case = self.full_case()
        if request.method == "GET":
            items = case.identifications.select_related("recorded_by")
            return Response(ps.IdentificationSerializer(items, many=True).data)
        payload = ps.IdentificationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        identification = protection.identification_record(
            actor=request.user, case=case, **payload.validated_data
        )
        self._log(case)
        return _created(ps.IdentificationSerializer(identification).data)

    def _orders(self, case):
        return (
            protection_selectors.orders_with_violations(case)
            .select_related("recorded_by")
            .prefetch_related("violations__recorded_by")
        )

    def _order(self, case, pk):
        order = case.protective_orders.filter(pk=pk).first()
        if order is None:
            raise Http404
        return order

    @extend_schema(methods=["GET"], responses=ps.ProtectiveOrderSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ps.ProtectiveOrderSerializer,
        responses={201: ps.ProtectiveOrderSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="protective-orders",
        pagination_class=None,
        filterset_class=None,
    )
    def protective_orders(self, request, code=None):
        """Protective orders protecting the person, each with its violations."""
        case = self.full_case()
        if request.method == "GET":
            return Response(ps.ProtectiveOrderSerializer(self._orders(case), many=True).data)
        payload = ps.ProtectiveOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = protection.order_record(actor=request.user, case=case, **payload.validated_data)
        self._log(case)
        return _created(ps.ProtectiveOrderSerializer(self._orders(case).get(pk=order.pk)).data)

    @extend_schema(request=ps.ViolationSerializer, responses={201: ps.ViolationSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"protective-orders/(?P<order_id>\d+)/violations",
    )
    def order_violations(self, request, code=None, order_id=None):
        """A breach of the order, on a day it was in force."""
        case = self.full_case()
        order = self._order(case, order_id)
        payload = ps.ViolationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        violation = protection.violation_record(
            actor=request.user, order=order, **payload.validated_data
        )
        self._log(case)
        return _created(ps.ViolationSerializer(violation).data)

    @extend_schema(request=ps.RevokeSerializer, responses=ps.ProtectiveOrderSerializer)
    @action(detail=True, methods=["post"], url_path=r"protective-orders/(?P<order_id>\d+)/revoke")
    def revoke_order(self, request, code=None, order_id=None):
        case = self.full_case()
        order = self._order(case, order_id)
        payload = ps.RevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = protection.order_revoke(
            actor=request.user, order=order, on=payload.validated_data.get("revoked_on")
        )
        self._log(case)
        return Response(ps.ProtectiveOrderSerializer(self._orders(case).get(pk=order.pk)).data)

    @extend_schema(methods=["GET"], responses=ps.RiskAssessmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ps.RiskAssessmentSerializer,
        responses={201: ps.RiskAssessmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="risk-assessments",
        pagination_class=None,
        filterset_class=None,
    )
    def risk_assessments(self, request, code=None):
        """The risk checklist for a victim of violence; its level becomes the case's risk."""
        case = self.full_case()
        if request.method == "GET":
            items = case.risk_assessments.select_related("assessed_by")
            return Response(ps.RiskAssessmentSerializer(items, many=True).data)
        payload = ps.RiskAssessmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assessment = protection.risk_assess(
            actor=request.user,
            case=case,
            answers=payload.validated_data["answers"],
            on=payload.validated_data.get("assessed_on"),
        )
        self._log(case)
        return _created(ps.RiskAssessmentSerializer(assessment).data)

    @extend_schema(methods=["GET"], responses=ps.SafetyPlanSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ps.SafetyPlanSerializer,
        responses={201: ps.SafetyPlanSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="safety-plans",
        pagination_class=None,
        filterset_class=None,
    )
    def safety_plans(self, request, code=None):
        """Safety plans; a new one replaces the current one."""
        case = self.full_case()
        if request.method == "GET":
            items = case.safety_plans.select_related("created_by")
            return Response(ps.SafetyPlanSerializer(items, many=True).data)
        payload = ps.SafetyPlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan = protection.safety_plan_create(
            actor=request.user,
            case=case,
            steps=data["steps"],
            contacts=data.get("contacts", []),
            review_due=data["review_due"],
        )
        self._log(case)
        return _created(ps.SafetyPlanSerializer(plan).data)

    @extend_schema(request=ps.SafetyReviewSerializer, responses=ps.SafetyPlanSerializer)
    @action(detail=True, methods=["post"], url_path=r"safety-plans/(?P<plan_id>\d+)/review")
    def review_safety_plan(self, request, code=None, plan_id=None):
        """The current plan was gone through with the person and still holds."""
        case = self.full_case()
        plan = case.safety_plans.filter(pk=plan_id).first()
        if plan is None:
            raise Http404
        payload = ps.SafetyReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = protection.safety_plan_review(
            actor=request.user, plan=plan, next_review=payload.validated_data["next_review"]
        )
        self._log(case)
        return Response(ps.SafetyPlanSerializer(plan).data)


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

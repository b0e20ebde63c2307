"""API representations of cases and their parts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from qamqor.accounts.models import Organisation, User
from qamqor.cases.models import (
    Case,
    CaseEvent,
    Closure,
    Consent,
    EligibilityDecision,
    Intake,
    Need,
    NeedsAssessment,
    PlanItem,
    Referral,
    ServiceDelivery,
    ServicePlan,
    ShareCategory,
    ShelterStay,
    Transfer,
)
from qamqor.catalog.models import AtRiskGroup, RefusalReason, Region, ServiceType, Standard
from qamqor.people.access import project_in_full
from qamqor.people.api import PersonSerializer
from qamqor.providers.models import Facility


def code_field(model, **kwargs):
    queryset = model.objects.all() if not kwargs.get("read_only") else None
    if queryset is not None and hasattr(queryset, "active"):
        queryset = queryset.active()
    return serializers.SlugRelatedField(slug_field="code", queryset=queryset, **kwargs)


class Username(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", None if kwargs.get("read_only") else User.objects.all())
        super().__init__(slug_field="username", **kwargs)


class IntakeSerializer(serializers.ModelSerializer):
    organisation = code_field(Organisation, required=False)
    region = code_field(Region)
    person = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recorded_by = Username(read_only=True)
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Intake
        fields = [
            "id",
            "organisation",
            "channel",
            "received_at",
            "region",
            "anonymous",
            "presenting_problem",
            "immediate_risk",
            "person",
            "recorded_by",
            "case",
        ]
        read_only_fields = ["id"]


class CaseOpenSerializer(serializers.Serializer):
    intake = serializers.IntegerField(help_text=_("Id of the intake the case comes from."))
    person = serializers.CharField(help_text=_("Code of the person."))
    groups = serializers.SlugRelatedField(
        slug_field="code", queryset=AtRiskGroup.objects.active(), many=True, required=False
    )
    lead_worker = Username(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)


class CaseSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = code_field(Organisation, read_only=True)
    region = code_field(Region, read_only=True)
    lead_worker = Username(read_only=True)
    groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "code",
            "person",
            "organisation",
            "region",
            "lead_worker",
            "groups",
            "status",
            "restricted",
            "summary",
            "opened_at",
            "closed_at",
            "version",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    """The case in full, person included: only for users who see the case in full (a
    referral's receiver gets the projection built in cases.api)."""

    person = PersonSerializer(read_only=True)

    class Meta(CaseSerializer.Meta):
        pass

    def to_representation(self, instance):
        if not hasattr(instance.person, "hidden_fields"):
            project_in_full(instance.person)
        return super().to_representation(instance)


class CaseUpdateSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True)
    groups = serializers.SlugRelatedField(
        slug_field="code", queryset=AtRiskGroup.objects.active(), many=True, required=False
    )
    restricted = serializers.BooleanField(required=False)


class AssignSerializer(serializers.Serializer):
    user = Username()
    lead = serializers.BooleanField(default=False)


class NeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["domain", "severity", "note"]


class AssessmentSerializer(serializers.ModelSerializer):
    needs = NeedSerializer(many=True)
    assessed_by = Username(read_only=True)

    class Meta:
        model = NeedsAssessment
        fields = ["id", "assessed_on", "assessed_by", "needs"]
        read_only_fields = ["id", "assessed_by"]


class DecisionSerializer(serializers.ModelSerializer):
    group = code_field(AtRiskGroup)
    refusal_reason = code_field(RefusalReason, required=False, allow_null=True)
    decided_by = Username(read_only=True)
    approved_by = Username(read_only=True)

    class Meta:
        model = EligibilityDecision
        fields = [
            "id",
            "group",
            "outcome",
            "refusal_reason",
            "legal_basis",
            "decided_by",
            "decided_on",
            "approval",
            "approved_by",
            "approved_at",
            "rights_concern",
        ]
        read_only_fields = [
            "id",
            "decided_on",
            "approval",
            "approved_at",
            "rights_concern",
        ]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanItemSerializer(serializers.ModelSerializer):
    service_type = code_field(ServiceType)
    standard = code_field(Standard, required=False, allow_null=True)
    provider = code_field(Organisation, required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
    requested_on = serializers.DateField(required=False)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "service_type",
            "standard",
            "provider",
            "units",
            "requested_on",
            "due_on",
            "deviation_reason",
            "first_delivered_on",
        ]
        read_only_fields = ["id", "first_delivered_on"]


class PlanSerializer(serializers.ModelSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    created_by = Username(read_only=True)

    class Meta:
        model = ServicePlan
        fields = ["id", "created_at", "created_by", "review_due", "is_current", "items"]
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    items = PlanItemSerializer(many=True, required=False)
    from_proposal = serializers.BooleanField(
        default=False, help_text=_("Use the plan proposed from the standards as it is.")
    )

    def validate(self, attrs):
        if not attrs.get("from_proposal") and not attrs.get("items"):
            raise serializers.ValidationError(_("Give the items, or use the proposal."))
        return attrs


class DeliverySerializer(serializers.ModelSerializer):
    service_type = code_field(ServiceType)
    provider = code_field(Organisation)
    staff_member = Username(read_only=True)
    standard = code_field(Standard, read_only=True)
    plan_item = serializers.PrimaryKeyRelatedField(
        queryset=PlanItem.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ServiceDelivery
        fields = [
            "id",
            "plan_item",
            "service_type",
            "provider",
            "staff_member",
            "delivered_on",
            "units",
            "outcome",
            "standard",
            "waiting_days",
            "within_waiting_standard",
            "within_scope_standard",
        ]
        read_only_fields = [
            "id",
            "waiting_days",
            "within_waiting_standard",
            "within_scope_standard",
        ]


class CategoriesField(serializers.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ShareCategory.choices, **kwargs)

    def to_representation(self, value):
        return (
            sorted(item for item in value.split(",") if item)
            if isinstance(value, str)
            else (sorted(value))
        )


class ConsentSerializer(serializers.ModelSerializer):
    categories = CategoriesField()
    recipient = code_field(Organisation, required=False, allow_null=True)
    recorded_by = Username(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "categories",
            "recipient",
            "given_on",
            "valid_until",
            "withdrawn_on",
            "recorded_by",
        ]
        read_only_fields = ["id", "withdrawn_on"]


class ReferralSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)
    from_organisation = code_field(Organisation, read_only=True)
    to_organisation = code_field(Organisation)
    service_type = code_field(ServiceType, required=False, allow_null=True)
    shared = CategoriesField(required=False)
    sent_by = Username(read_only=True)
    assigned_to = Username(read_only=True)
    hours_to_accept = serializers.FloatField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "from_organisation",
            "to_organisation",
            "service_type",
            "reason",
            "shared",
            "status",
            "sent_by",
            "sent_at",
            "responded_at",
            "assigned_to",
            "decline_reason",
            "completed_at",
            "hours_to_accept",
        ]
        read_only_fields = [
            "id",
            "status",
            "sent_at",
            "responded_at",
            "decline_reason",
            "completed_at",
        ]


class AcceptSerializer(serializers.Serializer):
    assigned_to = Username(required=False, allow_null=True)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField()


class TransferSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)
    from_organisation = code_field(Organisation, read_only=True)
    to_organisation = code_field(Organisation)
    requested_by = Username(read_only=True)
    responded_by = Username(read_only=True)
    lead_worker = Username(read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "case",
            "from_organisation",
            "to_organisation",
            "reason",
            "status",
            "requested_by",
            "requested_at",
            "responded_by",
            "responded_at",
            "decline_reason",
            "lead_worker",
        ]
        read_only_fields = [
            "id",
            "status",
            "requested_at",
            "responded_at",
            "decline_reason",
        ]


class TransferAcceptSerializer(serializers.Serializer):
    lead_worker = Username(
        required=False, allow_null=True, help_text=_("Empty: the accepting supervisor.")
    )


class StaySerializer(serializers.ModelSerializer):
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.filter(is_active=True))
    admitted_by = Username(read_only=True)

    class Meta:
        model = ShelterStay
        fields = [
            "id",
            "facility",
            "admitted_on",
            "admission_reason",
            "discharged_on",
            "discharge_reason",
            "admitted_by",
        ]
        read_only_fields = ["id", "discharged_on", "discharge_reason"]


class DischargeSerializer(serializers.Serializer):
    discharged_on = serializers.DateField()
    reason = serializers.CharField()


class ClosureSerializer(serializers.ModelSerializer):
    requested_by = Username(read_only=True)
    approved_by = Username(read_only=True)

    class Meta:
        model = Closure
        fields = [
            "id",
            "outcome",
            "reason",
            "requested_by",
            "requested_at",
            "approval",
            "approved_by",
            "approved_at",
            "followup_due",
            "followup_done_on",
        ]
        read_only_fields = [
            "id",
            "requested_at",
            "approval",
            "approved_at",
            "followup_due",
            "followup_done_on",
        ]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    actor = Username(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["at", "kind", "kind_display", "actor", "detail", "description"]

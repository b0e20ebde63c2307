"""API representations of the protection records: hotline calls, screenings, identification,
protective orders and violations, risk assessments, safety plans and alerts.

Field names follow the model fields; HTCDS code lists are exposed as their HTCDS values.
Calls and screenings name nobody: no field of theirs points to a person.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qamqor.accounts.models import Organisation
from qamqor.cases.models import RiskLevel, split_categories
from qamqor.cases.serializers import Username, code_field
from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.protection import htcds
from qamqor.protection.models import (
    Alert,
    Answer,
    HotlineCall,
    Identification,
    OrderViolation,
    ProtectiveOrder,
    RiskAssessment,
    SafetyPlan,
    Screening,
    ScreeningAnswer,
)


def _answers(help_text) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.ChoiceField(choices=Answer.choices), help_text=help_text
    )


# Hotline


class HotlineCallSerializer(serializers.ModelSerializer):
    organisation = code_field(
        Organisation,
        required=False,
        help_text=_("Code of the organisation taking the call; needed only for several."),
    )
    region = code_field(
        Region, required=False, help_text=_("Region code; the organisation's region if left out.")
    )
    anonymous = serializers.BooleanField(default=True)
    recorded_by = Username(read_only=True)
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = HotlineCall
        fields = [
            "id",
            "organisation",
            "received_at",
            "duration_minutes",
            "region",
            "caller_type",
            "topic",
            "language",
            "anonymous",
            "risk_flag",
            "note",
            "recorded_by",
            "case",
            "intake",
        ]
        read_only_fields = ["id", "intake"]


class OpenCaseSerializer(serializers.Serializer):
    lead_worker = Username(required=False, allow_null=True)


class CallOpenCaseSerializer(OpenCaseSerializer):
    groups = serializers.SlugRelatedField(
        slug_field="code",
        queryset=AtRiskGroup.objects.active(),
        many=True,
        required=False,
        help_text=_("At-risk group codes; by default the group the call's topic implies."),
    )


class AddToCaseSerializer(serializers.Serializer):
    case = serializers.CharField(help_text=_("Code of the case."))


# Trafficking screening


class ScreeningAnswerSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    weight = serializers.IntegerField(source="indicator.weight", read_only=True)

    class Meta:
        model = ScreeningAnswer
        fields = ["indicator", "answer", "weight"]
        read_only_fields = fields


class ScreeningSerializer(serializers.ModelSerializer):
    organisation = code_field(Organisation, read_only=True)
    region = code_field(Region, read_only=True)
    screened_by = Username(read_only=True)
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)
    answers = ScreeningAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Screening
        fields = [
            "id",
            "organisation",
            "region",
            "place",
            "screened_at",
            "screened_by",
            "sex",
            "age_group",
            "citizenship",
            "score",
            "threshold",
            "status",
            "case",
            "answers",
        ]
        read_only_fields = fields


class ScreeningCreateSerializer(serializers.ModelSerializer):
    organisation = code_field(
        Organisation,
        required=False,
        help_text=_("Code of the organisation screening; needed only for several."),
    )
    region = code_field(
        Region, required=False, help_text=_("Region code; the organisation's region if left out.")
    )
    answers = _answers(_("Indicator code → yes, no or unknown; an indicator left out is unknown."))

    class Meta:
        model = Screening
        fields = [
            "organisation",
            "region",
            "place",
            "screened_at",
            "sex",
            "age_group",
            "citizenship",
            "answers",
        ]


class ScreeningStatisticsSerializer(serializers.Serializer):
    """Counts by place and outcome; nothing in them names or points to a person."""

    place = serializers.ChoiceField(choices=Screening.Place.choices)
    total = serializers.IntegerField()
    below = serializers.IntegerField()
    reached = serializers.IntegerField()
    identified = serializers.IntegerField()
    not_identified = serializers.IntegerField()


# Identification


class ExploitationTypesField(serializers.MultipleChoiceField):
    """HTCDS types of exploitation, stored comma-separated, shown as a sorted list."""

    def __init__(self, **kwargs):
        super().__init__(choices=htcds.ExploitationType.choices, **kwargs)

    def to_representation(self, value):
        return sorted(split_categories(value) if isinstance(value, str) else value)


class IdentificationSerializer(serializers.ModelSerializer):
    exploitation_types = ExploitationTypesField(required=False)
    recorded_by = Username(read_only=True)

    class Meta:
        model = Identification
        fields = [
            "id",
            "decision",
            "deciding_body",
            "decided_on",
            "trafficking_status",
            "exploitation_types",
            "exploitation_form",
            "labour_industry",
            "scope",
            "country_of_exploitation",
            "screening",
            "eligibility_decision",
            "recorded_by",
        ]
        read_only_fields = ["id", "exploitation_form", "screening", "eligibility_decision"]


# Protective orders


class ViolationSerializer(serializers.ModelSerializer):
    recorded_by = Username(read_only=True)

    class Meta:
        model = OrderViolation
        fields = [
            "id",
            "order",
            "occurred_on",
            "reported_by",
            "action_taken",
            "liability",
            "note",
            "recorded_by",
        ]
        read_only_fields = ["id", "order"]


class ProtectiveOrderSerializer(serializers.ModelSerializer):
    recorded_by = Username(read_only=True)
    violation_count = serializers.IntegerField(read_only=True)
    violations = ViolationSerializer(many=True, read_only=True)

    class Meta:
        model = ProtectiveOrder
        fields = [
            "id",
            "kind",
            "issuing_body",
            "number",
            "issued_on",
            "valid_from",
            "valid_until",
            "conditions",
            "respondent_name",
            "respondent_relationship",
            "respondent_birth_year",
            "revoked_on",
            "recorded_by",
            "violation_count",
            "violations",
        ]
        read_only_fields = ["id", "revoked_on"]


class RevokeSerializer(serializers.Serializer):
    revoked_on = serializers.DateField(
        required=False, help_text=_("The day the order was revoked; today if left out.")
    )


# Risk and safety


@extend_schema_field({"type": "string", "enum": list(RiskLevel.values)})
class RiskLevelField(serializers.CharField):
    """The level as a plain enum in the schema (the choice set is named by the intake's
    immediate risk already)."""


class RiskAssessmentSerializer(serializers.ModelSerializer):
    answers = _answers(_("Question code → yes, no or unknown; a question left out is unknown."))
    assessed_by = Username(read_only=True)
    level = RiskLevelField(read_only=True)

    class Meta:
        model = RiskAssessment
        fields = ["id", "assessed_on", "assessed_by", "answers", "score", "level"]
        read_only_fields = ["id", "score"]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=64, required=False, allow_blank=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class SafetyPlanSerializer(serializers.ModelSerializer):
    steps = serializers.ListField(child=serializers.CharField(allow_blank=True, max_length=500))
    contacts = ContactSerializer(many=True, required=False)
    created_by = Username(read_only=True)

    class Meta:
        model = SafetyPlan
        fields = [
            "id",
            "steps",
            "contacts",
            "review_due",
            "last_reviewed_on",
            "is_current",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "last_reviewed_on", "is_current", "created_at"]


class SafetyReviewSerializer(serializers.Serializer):
    next_review = serializers.DateField()


# Alerts


class AlertSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "kind", "due_on", "case", "screening", "order", "safety_plan", "raised_at"]
        read_only_fields = fields

"""Read-only API of the reference data; `name` is in the request's language (Accept-Language)."""

import django_filters
from rest_framework import serializers, viewsets

from qamqor.api.permissions import PolicyScopedMixin
from qamqor.catalog.models import (
    AtRiskGroup,
    RefusalReason,
    Region,
    ServiceType,
    Setting,
    Standard,
    TraffickingIndicator,
)
from qamqor.core.access import Action

COMMON_FIELDS = [
    "code",
    "name",
    "name_kk",
    "name_ru",
    "name_en",
    "valid_from",
    "valid_to",
    "is_active",
]


class CatalogSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)


class RegionSerializer(CatalogSerializer):
    class Meta:
        model = Region
        fields = [*COMMON_FIELDS, "kind", "note"]


class AtRiskGroupSerializer(CatalogSerializer):
    class Meta:
        model = AtRiskGroup
        fields = [*COMMON_FIELDS, "restricted", "children", "legal_basis"]


class ServiceTypeSerializer(CatalogSerializer):
    class Meta:
        model = ServiceType
        fields = [*COMMON_FIELDS, "kind"]


class SettingSerializer(CatalogSerializer):
    class Meta:
        model = Setting
        fields = COMMON_FIELDS


class RefusalReasonSerializer(CatalogSerializer):
    class Meta:
        model = RefusalReason
        fields = [*COMMON_FIELDS, "documentation_related"]


class TraffickingIndicatorSerializer(CatalogSerializer):
    class Meta:
        model = TraffickingIndicator
        fields = [*COMMON_FIELDS, "weight", "category", "htcds_field"]


class StandardSerializer(CatalogSerializer):
    group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    service_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    setting = serializers.SlugRelatedField(slug_field="code", read_only=True)
    required_certification = serializers.SlugRelatedField(slug_field="code", read_only=True)
    staff_qualification = serializers.CharField(read_only=True)

    class Meta:
        model = Standard
        fields = [
            *COMMON_FIELDS,
            "group",
            "service_type",
            "setting",
            "unit",
            "min_units",
            "max_units",
            "extendable",
            "days_to_first_service",
            "plan_review_days",
            "followup_days",
            "free_of_charge",
            "no_registration_required",
            "required_certification",
            "staff_qualification",
            "staff_qualification_kk",
            "staff_qualification_ru",
            "staff_qualification_en",
            "legal_basis",
        ]


class CatalogFilter(django_filters.FilterSet):
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label="In force on")
    is_active = django_filters.BooleanFilter()

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force(value)


class StandardFilter(CatalogFilter):
    group = django_filters.CharFilter(field_name="group__code")
    service_type = django_filters.CharFilter(field_name="service_type__code")
    setting = django_filters.CharFilter(field_name="setting__code")


class CatalogViewSet(PolicyScopedMixin, viewsets.ReadOnlyModelViewSet):
    action_required = Action.VIEW_CATALOG
    filterset_class = CatalogFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_-]+"


class RegionViewSet(CatalogViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer


class AtRiskGroupViewSet(CatalogViewSet):
    queryset = AtRiskGroup.objects.all()
    serializer_class = AtRiskGroupSerializer


class ServiceTypeViewSet(CatalogViewSet):
    queryset = ServiceType.objects.all()
    serializer_class = ServiceTypeSerializer


class SettingViewSet(CatalogViewSet):
    queryset = Setting.objects.all()
    serializer_class = SettingSerializer


class RefusalReasonViewSet(CatalogViewSet):
    queryset = RefusalReason.objects.all()
    serializer_class = RefusalReasonSerializer


class TraffickingIndicatorViewSet(CatalogViewSet):
    queryset = TraffickingIndicator.objects.all()
    serializer_class = TraffickingIndicatorSerializer


class StandardViewSet(CatalogViewSet):
    queryset = Standard.objects.select_related(
        "group", "service_type", "setting", "required_certification"
    )
    serializer_class = StandardSerializer
    filterset_class = StandardFilter

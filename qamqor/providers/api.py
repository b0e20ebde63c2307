"""Organisations, certifications and facilities; and which providers may give a service."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from qamqor.accounts.models import Organisation
from qamqor.api.permissions import PolicyScopedMixin
from qamqor.catalog.models import Region, ServiceType
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.providers import selectors
from qamqor.providers.models import Certification, Facility

_code = {"slug_field": "code", "read_only": True}


class OrganisationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    region = serializers.SlugRelatedField(**_code)
    regions_served = serializers.SlugRelatedField(many=True, **_code)

    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "kind",
            "bin",
            "region",
            "regions_served",
            "is_provider",
            "address",
            "phone",
            "email",
            "is_active",
        ]


class SuspensionSerializer(serializers.Serializer):
    suspended_from = serializers.DateField()
    lifted_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class CertificationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(**_code)
    issued_by = serializers.SlugRelatedField(**_code)
    service_types = serializers.SlugRelatedField(many=True, **_code)
    suspensions = SuspensionSerializer(many=True, read_only=True)

    class Meta:
        model = Certification
        fields = [
            "number",
            "organisation",
            "service_types",
            "issued_by",
            "valid_from",
            "valid_until",
            "revoked_on",
            "revocation_reason",
            "suspensions",
        ]


class FacilitySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(**_code)
    region = serializers.SlugRelatedField(**_code)
    groups_served = serializers.SlugRelatedField(many=True, **_code)

    class Meta:
        model = Facility
        fields = [
            "id",
            "name",
            "kind",
            "organisation",
            "region",
            "address",
            "bed_capacity",
            "groups_served",
            "is_active",
        ]


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    region = django_filters.CharFilter(field_name="region__code")
    serves = django_filters.CharFilter(field_name="regions_served__code", distinct=True)
    is_provider = django_filters.BooleanFilter()


class CertificationFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__code")
    service_type = django_filters.CharFilter(field_name="service_types__code", distinct=True)
    in_force_on = django_filters.DateFilter(method="filter_in_force_on")

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force(value)


class FacilityFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__code")
    region = django_filters.CharFilter(field_name="region__code")
    kind = django_filters.ChoiceFilter(choices=Facility.Kind.choices)


class EligibleQuerySerializer(serializers.Serializer):
    service_type = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceType.objects.active(), label=_("service type")
    )
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.active(), label=_("region")
    )
    on = serializers.DateField(required=False, label=_("date"))


class OrganisationViewSet(PolicyScopedMixin, viewsets.ReadOnlyModelViewSet):
    action_required = Action.VIEW_ORGANISATION
    queryset = Organisation.objects.select_related("region").prefetch_related("regions_served")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "code"

    @extend_schema(
        parameters=[
            OpenApiParameter("service_type", str, required=True),
            OpenApiParameter("region", str, required=True),
            OpenApiParameter("on", dt.date, required=False),
        ]
    )
    @action(detail=False)
    def eligible(self, request):
        """Providers that may give a service type in a region on a date (today by default)."""
        query = EligibleQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        providers = selectors.providers_for(
            service_type=query.validated_data["service_type"],
            region=query.validated_data["region"],
            on=query.validated_data.get("on") or timezone.localdate(),
        )
        providers = access.scope(request.user, Action.VIEW_ORGANISATION, providers)
        page = self.paginate_queryset(
            providers.select_related("region").prefetch_related("regions_served")
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CertificationViewSet(PolicyScopedMixin, viewsets.ReadOnlyModelViewSet):
    action_required = Action.VIEW_CERTIFICATION
    queryset = Certification.objects.select_related("organisation", "issued_by").prefetch_related(
        "service_types", "suspensions"
    )
    serializer_class = CertificationSerializer
    filterset_class = CertificationFilter
    lookup_field = "number"


class FacilityViewSet(PolicyScopedMixin, viewsets.ReadOnlyModelViewSet):
    action_required = Action.VIEW_FACILITY
    queryset = Facility.objects.select_related("organisation", "region").prefetch_related(
        "groups_served"
    )
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter

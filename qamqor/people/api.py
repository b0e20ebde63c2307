"""Persons in the API. Searches by name or IIN are POSTed, never put in the URL; every
person shown is written to the access log."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qamqor.accounts.selectors import acting_organisation
from qamqor.api.concurrency import if_match_version, with_etag
from qamqor.api.permissions import HasAction
from qamqor.audit import log
from qamqor.catalog.models import Region
from qamqor.core.access import Action
from qamqor.people import selectors, services
from qamqor.people.access import access_person, find_person, project, project_in_full
from qamqor.people.models import FACT_FIELDS, FamilyLink, Person


class RegionField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Region.objects.active(), **kwargs)


class PersonSerializer(serializers.ModelSerializer):
    region = RegionField(required=False, allow_null=True)
    registered_by = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Person
        fields = ["code", *FACT_FIELDS, "registered_by", "version", "created_at"]
        read_only_fields = ["code", "birth_year", "birth_date_estimated", "version", "created_at"]

    def to_representation(self, instance):
        """Only a projected person (people.access) is shown, without the fields the user's
        view hides."""
        hidden = getattr(instance, "hidden_fields", None)
        if hidden is None:
            raise ImproperlyConfigured("A person is shown only through people.access.project.")
        data = super().to_representation(instance)
        for name in hidden:
            data.pop(name, None)
        return data


class PersonSummarySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Person
        fields = ["code", "given_name", "family_name", "birth_year", "sex", "region"]


class PersonWriteSerializer(PersonSerializer):
    age = serializers.IntegerField(
        required=False, min_value=0, max_value=120, write_only=True, label=_("approximate age")
    )
    organisation = serializers.CharField(required=False, write_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "age", "organisation"]


class PersonCreatedSerializer(PersonSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    possible_duplicates = PersonSummarySerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "warnings", "possible_duplicates"]


class SearchSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    iin = serializers.CharField(required=False, allow_blank=True, max_length=12)
    code = serializers.CharField(required=False, allow_blank=True, max_length=16)
    region = RegionField(required=False, allow_null=True)

    def validate(self, attrs):
        if not any(attrs.get(name) for name in ("name", "iin", "code", "region")):
            raise serializers.ValidationError(_("Give a name, IIN, code or region."))
        return attrs


class DuplicatesSerializer(serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True)
    family_name = serializers.CharField(required=False, allow_blank=True)
    iin = serializers.CharField(required=False, allow_blank=True, max_length=12)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    region = RegionField(required=False, allow_null=True)


class MergeSerializer(serializers.Serializer):
    merge = serializers.CharField(help_text=_("Code of the person merged into this one."))


class FamilyLinkSerializer(serializers.ModelSerializer):
    relative = serializers.SlugRelatedField(slug_field="code", queryset=Person.objects.none())

    class Meta:
        model = FamilyLink
        fields = ["relative", "relation"]


def _duplicates(request, person: Person) -> list[Person]:
    found = list(
        selectors.possible_duplicates(
            user=request.user,
            iin=person.iin,
            given_name=person.given_name,
            family_name=person.family_name,
            birth_year=person.birth_year,
            region=person.region,
            exclude=person,
        )[:20]
    )
    log.record_many(request.user, log.Action.SEARCH, found, request)
    return found


RECORD_ACTIONS = {"retrieve", "partial_update", "update", "merge", "family"}


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Persons the user may see. Identity is never required: a pseudonymous code is always
    given. Updates need the version read (If-Match)."""

    action_required = Action.VIEW_PERSON
    permission_classes = [HasAction]
    serializer_class = PersonSerializer
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in RECORD_ACTIONS:
            # A person the user may not see does not exist for them: 404 (access_person),
            # never a 403 saying that persons are there to be seen.
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.visible_persons(self.request.user).select_related(
            "region", "registered_by"
        )

    def get_object(self, action=None):
        return access_person(self.request, self.kwargs["code"], action)

    def _page(self, request, persons, action):
        page = [project(person) for person in self.paginate_queryset(persons)]
        log.record_many(request.user, action, page, request)
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    def list(self, request, *args, **kwargs):
        persons = self.get_queryset().order_by("-created_at", "-pk")
        region = request.query_params.get("region")
        if region:
            persons = persons.filter(region__code=region)
        return self._page(request, persons, log.Action.LIST)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        return with_etag(Response(PersonSerializer(person).data), person.version)

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonCreatedSerializer})
    def create(self, request, *args, **kwargs):
        payload = PersonWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        organisation = acting_organisation(request.user, values.pop("organisation", None))
        result = services.person_create(actor=request.user, organisation=organisation, **values)
        log.record(request.user, log.Action.CREATE, result.person, request)
        body = PersonSerializer(project_in_full(result.person)).data
        body["warnings"] = [str(warning) for warning in result.warnings]
        body["possible_duplicates"] = PersonSummarySerializer(
            _duplicates(request, result.person), many=True
        ).data
        response = Response(body, status=status.HTTP_201_CREATED)
        return with_etag(response, result.person.version)

    @extend_schema(request=PersonWriteSerializer, responses=PersonCreatedSerializer)
    def partial_update(self, request, *args, **kwargs):
        person = self.get_object(Action.EDIT_PERSON)
        version = if_match_version(request)
        payload = PersonWriteSerializer(person, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values.pop("organisation", None)
        result = services.person_update(
            actor=request.user, person=person, version=version, **values
        )
        log.record(request.user, log.Action.CHANGE, result.person, request)
        body = PersonSerializer(project_in_full(result.person)).data
        body["warnings"] = [str(warning) for warning in result.warnings]
        return with_etag(Response(body), result.person.version)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=SearchSerializer, responses=PersonSerializer(many=True))
    @action(detail=False, methods=["post"])
    def search(self, request):
        """Find persons by name (any script), IIN, code or region, sent in the body."""
        query = SearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        persons = selectors.search_persons(user=request.user, **query.validated_data)
        return self._page(request, persons, log.Action.SEARCH)

    @extend_schema(request=DuplicatesSerializer, responses=PersonSummarySerializer(many=True))
    @action(detail=False, methods=["post"])
    def duplicates(self, request):
        """Possible duplicates of a person about to be recorded: same IIN, or similar names
        with the same birth year (±1) and region."""
        query = DuplicatesSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        found = list(selectors.possible_duplicates(user=request.user, **query.validated_data)[:20])
        log.record_many(request.user, log.Action.SEARCH, found, request)
        return Response(PersonSummarySerializer(found, many=True).data)

    @extend_schema(request=MergeSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, code=None):
        """Merge another person into this one (supervisors); the merged record is kept."""
        keep = self.get_object(Action.MERGE_PERSONS)
        payload = MergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        merged = find_person(request.user, payload.validated_data["merge"])
        if merged is None:
            raise serializers.ValidationError({"merge": [_("No person with this code.")]})
        person = services.person_merge(actor=request.user, keep=keep, merge=merged)
        log.record(request.user, log.Action.CHANGE, person, request)
        log.record(request.user, log.Action.CHANGE, merged, request)
        return with_etag(Response(PersonSerializer(project_in_full(person)).data), person.version)

    @extend_schema(request=FamilyLinkSerializer, responses={201: FamilyLinkSerializer})
    @action(detail=True, methods=["post"])
    def family(self, request, code=None):
        person = self.get_object(Action.EDIT_PERSON)
        payload = FamilyLinkSerializer(data=request.data)
        payload.fields["relative"].queryset = selectors.visible_persons(request.user)
        payload.is_valid(raise_exception=True)
        link = services.family_link_add(
            actor=request.user,
            person=person,
            relative=payload.validated_data["relative"],
            relation=payload.validated_data["relation"],
        )
        log.record(request.user, log.Action.CHANGE, person, request)
        return Response(FamilyLinkSerializer(link).data, status=status.HTTP_201_CREATED)

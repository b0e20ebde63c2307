"""Certifications, facilities and funding in the administration site (administrators only).
Facilities save through the services, so a capacity is never set below the persons staying."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from qamqor.core.access import Action
from qamqor.core.admin import PolicyAdmin, PolicyInline
from qamqor.providers import services
from qamqor.providers.models import Certification, CertificationSuspension, Facility, Funding


class SuspensionInline(PolicyInline):
    model = CertificationSuspension
    view_action = Action.VIEW_CERTIFICATION
    manage_action = Action.MANAGE_CERTIFICATION


@admin.register(Certification)
class CertificationAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_CERTIFICATION
    manage_action = Action.MANAGE_CERTIFICATION
    inlines = [SuspensionInline]
    list_display = ["number", "organisation", "valid_from", "valid_until", "revoked_on"]
    list_filter = ["service_types", "issued_by"]
    search_fields = ["number", "organisation__code", "organisation__name_ru"]
    filter_horizontal = ["service_types"]
    list_select_related = ["organisation"]


class FacilityAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk and "bed_capacity" in data:
            try:
                services.facility_check(
                    self.instance,
                    bed_capacity=data["bed_capacity"],
                    is_active=data.get("is_active", True),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(Facility)
class FacilityAdmin(PolicyAdmin, SimpleHistoryAdmin):
    form = FacilityAdminForm
    view_action = Action.VIEW_FACILITY
    manage_action = Action.MANAGE_FACILITY
    list_display = ["name", "organisation", "kind", "region", "bed_capacity", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    filter_horizontal = ["groups_served"]
    list_select_related = ["organisation", "region"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in services.FACILITY_FIELDS}
        groups = form.cleaned_data.get("groups_served")
        if change:
            services.facility_update(
                actor=request.user, facility=obj, groups_served=groups, **fields
            )
            return
        saved = services.facility_create(
            actor=request.user, organisation=obj.organisation, groups_served=groups or (), **fields
        )
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False


@admin.register(Funding)
class FundingAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_FUNDING
    manage_action = Action.MANAGE_FUNDING
    list_display = ["organisation", "source", "year", "amount_kzt", "funder"]
    list_filter = ["source", "year"]
    list_select_related = ["organisation"]

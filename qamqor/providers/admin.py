from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qamqor.core.access import Action
from qamqor.core.admin import PolicyAdmin, PolicyInline
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


@admin.register(Facility)
class FacilityAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_FACILITY
    manage_action = Action.MANAGE_FACILITY
    list_display = ["name", "organisation", "kind", "region", "bed_capacity", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    filter_horizontal = ["groups_served"]
    list_select_related = ["organisation", "region"]


@admin.register(Funding)
class FundingAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_FUNDING
    manage_action = Action.MANAGE_FUNDING
    list_display = ["organisation", "source", "year", "amount_kzt", "funder"]
    list_filter = ["source", "year"]
    list_select_related = ["organisation"]

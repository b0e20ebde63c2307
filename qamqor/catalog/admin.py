from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qamqor.catalog.models import (
    AtRiskGroup,
    CatalogLoad,
    RefusalReason,
    Region,
    ServiceType,
    Setting,
    Standard,
    TraffickingIndicator,
)
from qamqor.core.access import Action
from qamqor.core.admin import PolicyAdmin


class CatalogAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_CATALOG
    manage_action = Action.MANAGE_CATALOG
    list_display = ["code", "name_kk", "name_ru", "name_en", "valid_from", "valid_to", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


admin.site.register(Region, CatalogAdmin)
admin.site.register(AtRiskGroup, CatalogAdmin)
admin.site.register(ServiceType, CatalogAdmin)
admin.site.register(Setting, CatalogAdmin)
admin.site.register(RefusalReason, CatalogAdmin)


@admin.register(TraffickingIndicator)
class TraffickingIndicatorAdmin(CatalogAdmin):
    list_display = [*CatalogAdmin.list_display, "weight", "category"]
    list_filter = ["category", "is_active"]


@admin.register(Standard)
class StandardAdmin(CatalogAdmin):
    list_display = ["code", "name_en", "group", "service_type", "setting", "valid_from", "valid_to"]
    list_filter = ["group", "service_type", "setting", "is_active"]
    list_select_related = ["group", "service_type", "setting"]


@admin.register(CatalogLoad)
class CatalogLoadAdmin(PolicyAdmin):
    view_action = Action.MANAGE_CATALOG
    manage_action = Action.MANAGE_CATALOG
    list_display = [
        "file_name",
        "catalog_version",
        "loaded_at",
        "created",
        "updated",
        "deactivated",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

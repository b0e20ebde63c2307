from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from qamqor.accounts.models import Membership, Organisation, User
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.admin import PolicyAdmin, PolicyInline

# Roles come from memberships (qamqor.core.access), not from Django's groups.
admin.site.unregister(Group)


class MembershipInline(PolicyInline):
    model = Membership
    view_action = Action.VIEW_STAFF
    manage_action = Action.MANAGE_USERS
    fields = ["organisation", "role", "is_active"]


@admin.register(User)
class UserAdmin(PolicyAdmin, DjangoUserAdmin):
    view_action = Action.VIEW_STAFF
    manage_action = Action.MANAGE_USERS
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "language")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_ORGANISATION
    manage_action = Action.MANAGE_ORGANISATION
    list_display = ["code", "name_kk", "name_ru", "kind", "region", "is_provider", "is_active"]
    list_filter = ["kind", "is_provider", "is_active", "region"]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "bin"]
    filter_horizontal = ["regions_served"]
    list_select_related = ["region"]

    def has_add_permission(self, request):
        # Provider managers edit their own organisation; only administrators add new ones.
        return access.can(request.user, Action.MANAGE_USERS)


@admin.register(Membership)
class MembershipAdmin(PolicyAdmin, SimpleHistoryAdmin):
    view_action = Action.VIEW_STAFF
    manage_action = Action.MANAGE_STAFF
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user"]

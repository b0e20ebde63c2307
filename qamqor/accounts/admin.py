"""Users, organisations and memberships in the administration site (administrators only).

Every form here that changes a membership or a password saves through qamqor.accounts.services,
so the rules on roles and passwords and the access log apply whatever the screen."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from qamqor.accounts import services
from qamqor.accounts.models import Membership, Organisation, User
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.admin import PolicyAdmin, PolicyInline

# Roles come from memberships (qamqor.core.access), not from Django's groups.
admin.site.unregister(Group)


class MembershipRowForm(forms.ModelForm):
    """A saved membership keeps its organisation and role: a role is changed by withdrawing
    it and giving another, each through the services."""

    class Meta:
        model = Membership
        fields = ["organisation", "role", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("organisation", "role"):
                if name in self.fields:
                    self.fields[name].disabled = True


def _save_membership(request, *, user: User, row: Membership | None, data: dict):
    """Give or withdraw one membership as the form asks, through the services. `row` is the
    saved membership the form edits (None for a new one); its stored organisation and role
    count, never what was posted for them."""
    if row is None:
        if not data.get("is_active", True):
            return None
        return services.membership_grant(
            actor=request.user,
            user=user,
            organisation=data["organisation"],
            role=data["role"],
            request=request,
        )
    stored = Membership.objects.select_related("user", "organisation").get(pk=row.pk)
    if data["is_active"] and not stored.is_active:
        return services.membership_grant(
            actor=request.user,
            user=stored.user,
            organisation=stored.organisation,
            role=stored.role,
            request=request,
        )
    if not data["is_active"] and stored.is_active:
        return services.membership_withdraw(actor=request.user, membership=stored, request=request)
    return stored


class MembershipInline(PolicyInline):
    model = Membership
    form = MembershipRowForm
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

    def save_model(self, request, obj, form, change):
        if change:
            # The change form has no password field (only a link to the password page).
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        password = data.get("password1") if data.get("set_usable_password", True) else None
        services.user_create(actor=request.user, user=obj, password=password, request=request)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row_form in formset.forms:
            if not row_form.has_changed() or not row_form.cleaned_data:
                continue
            row = row_form.instance if row_form.instance.pk else None
            saved = _save_membership(
                request, user=form.instance, row=row, data=row_form.cleaned_data
            )
            if saved is None:
                continue
            if row is None:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, row_form.changed_data))

    def user_change_password(self, request, id, form_url=""):
        """Django's password page, saving through services.password_set."""
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        form = self.change_password_form(user, request.POST)
        valid = form.is_valid() and (
            form.cleaned_data["set_usable_password"] or "unset-password" in request.POST
        )
        if not valid:
            # Django's own view shows the form's errors (and refuses conflicting data).
            return super().user_change_password(request, id, form_url)
        data = form.cleaned_data
        password = data["password1"] if data["set_usable_password"] else None
        services.password_set(actor=request.user, user=user, password=password, request=request)
        self.log_change(request, user, self.construct_change_message(request, form, None))
        if user.has_usable_password():
            messages.success(request, gettext("Password changed successfully."))
        else:
            messages.success(request, gettext("Password-based authentication was disabled."))
        update_session_auth_hash(request, user)
        return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))


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
        return access.can(request.user, Action.MANAGE_USERS)


@admin.register(Membership)
class MembershipAdmin(PolicyAdmin, SimpleHistoryAdmin):
    """Memberships are given and withdrawn here through the services: who, where and which
    role are fixed once saved; only "active" changes (withdraw, give again)."""

    view_action = Action.VIEW_STAFF
    manage_action = Action.MANAGE_STAFF
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organisation", "role"] if obj is not None else []

    def get_exclude(self, request, obj=None):
        return ["is_active"] if obj is None else []

    def save_model(self, request, obj, form, change):
        row = None
        if change:
            row = Membership.objects.get(pk=obj.pk)
            # A reverted historical version may name another user, organisation or role:
            # those are never changed in place.
            if (obj.user_id, obj.organisation_id, obj.role) != (
                row.user_id,
                row.organisation_id,
                row.role,
            ):
                raise PermissionDenied
        data = {"organisation": obj.organisation, "role": obj.role, "is_active": obj.is_active}
        saved = _save_membership(request, user=obj.user, row=row, data=data)
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

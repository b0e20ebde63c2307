"""The administration site, guarded by the access policy instead of Django's permission flags.

Only administrators (`admin_site.use`) enter it; a signed-in user without it gets 403 on every
page. Each page asks the policy for its model's actions and lists only the rows the policy lets
the user see. Case content is never registered here. Provider managers and certifying officers
have pages of their own (staff, facilities, certifications); forms here that change roles,
passwords or facilities save through the same services as those pages.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from qamqor.core import access
from qamqor.core.access import Action


class QamqorAdminSite(admin.AdminSite):
    site_header = _("Qamqor administration")
    site_title = _("Qamqor administration")
    index_title = _("Reference data, organisations and users")

    def has_permission(self, request):
        return access.can(request.user, Action.USE_ADMIN_SITE)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def inner(request, *args, **kwargs):
            # Django sends a signed-in user without the permission to the admin's login page;
            # refuse at once instead, whatever the page or method.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return guarded(request, *args, **kwargs)

        return inner

    def login(self, request, extra_context=None):
        """One login page for the whole app; a signed-in user without the role gets 403."""
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


class QamqorAdminConfig(AdminConfig):
    default_site = "qamqor.core.admin.QamqorAdminSite"


class PolicyAdmin(admin.ModelAdmin):
    """A model page whose permissions and rows come from the access policy.

    Records are deactivated, never deleted, so nothing may be deleted here."""

    view_action: Action
    manage_action: Action

    def get_queryset(self, request):
        return access.scope(request.user, self.view_action, super().get_queryset(request))

    def has_module_permission(self, request):
        return access.can(request.user, self.view_action)

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, self.view_action, obj)

    def has_add_permission(self, request):
        return access.can(request.user, self.manage_action)

    def has_change_permission(self, request, obj=None):
        return access.can(request.user, self.manage_action, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A row can only be tied to an organisation the user may manage such rows for.
        if db_field.name == "organisation":
            organisations = db_field.related_model.objects.filter(is_active=True)
            kwargs["queryset"] = access.scope(request.user, self.manage_action, organisations)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PolicyInline(admin.TabularInline):
    view_action: Action
    manage_action: Action
    extra = 0

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, self.view_action, obj)

    def has_add_permission(self, request, obj=None):
        return access.can(request.user, self.manage_action, obj)

    def has_change_permission(self, request, obj=None):
        return access.can(request.user, self.manage_action, obj)

    def has_delete_permission(self, request, obj=None):
        return False

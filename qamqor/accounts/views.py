"""Log in and out, passwords, the language, and the staff page of an organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from qamqor.accounts import selectors, services
from qamqor.accounts.forms import GiveRoleForm
from qamqor.accounts.models import Membership, Organisation
from qamqor.accounts.notices import notice_kinds
from qamqor.audit import log
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.core.web import form_errors

STAFF_PAGE_SIZE = 50


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            translation.activate(language)
            _remember_language(response, language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form (old password, new one twice); the new one is saved by the service."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        user = self.request.user
        services.password_set(
            actor=user, user=user, password=form.cleaned_data["new_password1"], request=self.request
        )
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also keeps the choice as the user's preference."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


# The staff page: an organisation's members and their roles


@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    """The organisations whose staff the user may see; straight to the page of the only one."""
    if not access.can(request.user, Action.VIEW_STAFF):
        raise PermissionDenied
    organisations = selectors.staff_organisations(request.user).select_related("region")
    page = Paginator(organisations, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    if page.paginator.count == 1:
        return redirect("accounts:staff", code=page.object_list[0].code)
    return render(request, "accounts/staff_index.html", {"page": page})


def _staff_organisation(request: HttpRequest, code: str) -> Organisation:
    """The organisation whose staff page this is: 404 unless its staff are visible to the
    user, 403 for a user who sees no staff at all."""
    if not access.can(request.user, Action.VIEW_STAFF):
        raise PermissionDenied
    return get_object_or_404(selectors.staff_organisations(request.user), code=code)


def _staff_rows(actor, organisation: Organisation, members) -> list[dict]:
    """Each member with their roles here (active and withdrawn) and elsewhere (active roles
    in the other organisations whose staff the actor sees)."""
    rows = []
    for member in members:
        here = [m for m in member.roles if m.organisation_id == organisation.pk]
        for membership in here:
            membership.may_change = services.may_change_role(
                actor, user=member, organisation=organisation, role=membership.role, is_staff=True
            )
        rows.append(
            {
                "user": member,
                "here": here,
                "elsewhere": [
                    m for m in member.roles if m.organisation_id != organisation.pk and m.is_active
                ],
            }
        )
    return rows


def _staff_page(request, organisation, form, status=200) -> HttpResponse:
    members = selectors.staff_with_roles(request.user, organisation)
    page = Paginator(members, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    may_manage = access.can(request.user, Action.MANAGE_STAFF, organisation)
    context = {
        "organisation": organisation,
        "page": page,
        "rows": _staff_rows(request.user, organisation, page.object_list),
        "form": form if may_manage else None,
        "several": selectors.staff_organisations(request.user)[:2].count() > 1,
    }
    return render(request, "accounts/staff.html", context, status=status)


@login_required
def staff(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the staff and their roles. POST: give a member of staff a role."""
    organisation = _staff_organisation(request, code)
    if request.method != "POST":
        return _staff_page(
            request, organisation, GiveRoleForm(actor=request.user, organisation=organisation)
        )
    if not access.can(request.user, Action.MANAGE_STAFF, organisation):
        raise PermissionDenied
    form = GiveRoleForm(request.POST, actor=request.user, organisation=organisation)
    if not form.is_valid():
        return _staff_page(request, organisation, form, status=400)
    user, role = form.cleaned_data["user"], Role(form.cleaned_data["role"])
    try:
        services.membership_grant(
            actor=request.user, user=user, organisation=organisation, role=role, request=request
        )
    except ValidationError as error:
        return _staff_page(request, organisation, form, status=form_errors(form, error))
    messages.success(
        request, _("Role given: %(role)s, %(user)s.") % {"role": role.label, "user": user}
    )
    return redirect("accounts:staff", code=organisation.code)


@login_required
@require_POST
def staff_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    organisation = _staff_organisation(request, code)
    visible = access.scope(request.user, Action.VIEW_STAFF, Membership.objects.all())
    membership = get_object_or_404(visible.select_related("user"), pk=pk, organisation=organisation)
    services.membership_withdraw(actor=request.user, membership=membership, request=request)
    messages.success(
        request,
        _("Role withdrawn: %(role)s, %(user)s.")
        % {"role": membership.get_role_display(), "user": membership.user},
    )
    return redirect(reverse("accounts:staff", args=[organisation.code]))


# The inbox: what the user was told of (accounts.notices)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first; "Mark all as read" (POST)."""
    if request.method == "POST":
        services.notices_mark_all_read(actor=request.user)
        return redirect("accounts:inbox")
    page = Paginator(selectors.inbox(request.user), 50).get_page(request.GET.get("page"))
    rows = [(notice, notice_kinds.get(notice.kind)) for notice in page.object_list]
    # The case codes shown are logged against their cases (each entry carries the case id).
    log.record_many(request.user, log.Action.LIST, page.object_list, request)
    return render(request, "accounts/inbox.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notice: it is read, and the page it leads to answers (through its own access
    check: a case the user no longer reaches is a 404 there)."""
    notice = selectors.inbox(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    services.notice_mark_read(actor=request.user, notice=notice)
    log.record(request.user, log.Action.CHANGE, notice, request)
    kind = notice_kinds.get(notice.kind)
    return redirect(kind.link(notice) if kind is not None else reverse("accounts:inbox"))

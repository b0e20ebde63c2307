"""Person pages: search (POST, so names and IINs stay out of URLs), a person's page, edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, StaleVersionError
from qamqor.core.web import error_message, form_errors, stale_edit
from qamqor.people import selectors, services
from qamqor.people.access import access_person, find_person, project
from qamqor.people.forms import (
    PERSON_FIELDS,
    FamilyLinkForm,
    MergeForm,
    PersonEditForm,
    PersonSearchForm,
)

SEARCH_PAGE_SIZE = 50


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_PERSON):
        raise PermissionDenied
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    persons = None
    if request.method == "POST" and form.is_valid():
        found = selectors.search_persons(user=request.user, **form.cleaned_data)
        persons = [project(person) for person in found[:SEARCH_PAGE_SIZE]]
        log.record_many(request.user, log.Action.SEARCH, persons, request)
    template = "people/_results.html" if request.htmx else "people/search.html"
    return render(request, template, {"form": form, "persons": persons, "limit": SEARCH_PAGE_SIZE})


def _person(request: HttpRequest, code: str, action: Action | None = None):
    return access_person(request, code, action)  # logs every page showing them


def _relatives(user, person):
    """The person's family links to relatives who exist for the user, each relative as the
    user may see them."""
    links = list(person.family_links.all())
    relatives = {
        relative.pk: project(relative)
        for relative in selectors.visible_persons(user).filter(
            pk__in=[link.relative_id for link in links]
        )
    }
    shown = []
    for link in links:
        if link.relative_id in relatives:
            link.relative = relatives[link.relative_id]
            shown.append(link)
    return shown


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    person = _person(request, code)
    cases = access.scope(request.user, Action.VIEW_CASE, person.cases.all()).select_related(
        "organisation"
    )
    links = _relatives(request.user, person)
    cases = Paginator(cases.order_by("-opened_at"), 50).get_page(1)
    shown = [*cases.object_list, *(link.relative for link in links)]
    log.record_many(request.user, log.Action.LIST, shown, request)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "cases": cases,
            "links": links,
            "may_edit": access.can(request.user, Action.EDIT_PERSON, person),
            "may_merge": access.can(request.user, Action.MERGE_PERSONS, person),
            "family_form": FamilyLinkForm(),
            "merge_form": MergeForm(),
        },
    )


def _other_person(request: HttpRequest, code: str):
    """The other record named in a form, if the user may see it (else a form error)."""
    person = find_person(request.user, code)
    if person is None:
        raise ValidationError(_("No person with this code."))
    return person


def _person_action(request: HttpRequest, code: str, form_class, perform, done: str, action):
    person = _person(request, code, action)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        result = perform(person, form.cleaned_data)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, error_message(error))
        return redirect("people:detail", code=person.code)
    log.record(request.user, log.Action.CHANGE, person, request)
    messages.success(request, done)
    return redirect("people:detail", code=result.code)


@login_required
def family_add(request: HttpRequest, code: str) -> HttpResponse:
    def perform(person, data):
        services.family_link_add(
            actor=request.user,
            person=person,
            relative=_other_person(request, data["relative"]),
            relation=data["relation"],
        )
        return person

    return _person_action(
        request, code, FamilyLinkForm, perform, _("Family link recorded."), Action.EDIT_PERSON
    )


@login_required
def merge(request: HttpRequest, code: str) -> HttpResponse:
    def perform(person, data):
        other = _other_person(request, data["merge"])
        kept = services.person_merge(actor=request.user, keep=person, merge=other)
        log.record(request.user, log.Action.CHANGE, other, request)
        return kept

    return _person_action(
        request, code, MergeForm, perform, _("Records merged."), Action.MERGE_PERSONS
    )


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a person's facts; an edit based on a stale version is refused, showing what
    someone else changed meanwhile, with the typed values kept."""
    person = _person(request, code, Action.EDIT_PERSON)
    form = PersonEditForm(
        request.POST or None, instance=person, initial={"version": person.version}
    )
    changes, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            values = {name: data[name] for name in PERSON_FIELDS}
            try:
                result = services.person_update(
                    actor=request.user,
                    person=person,
                    version=data["version"],
                    age=data["age"],
                    **values,
                )
            except StaleVersionError as error:
                changes, status = stale_edit(form, error), 412
                log.record(request.user, log.Action.VIEW, person, request)  # its changes shown
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                log.record(request.user, log.Action.CHANGE, result.person, request)
                for warning in result.warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Saved."))
                return redirect("people:detail", code=person.code)
        else:
            status = 400
    return render(
        request,
        "people/edit.html",
        {"person": person, "form": form, "changes": changes},
        status=status,
    )

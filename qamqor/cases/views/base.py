"""What every case page shares: the case found through the access policy, and the one form
page and the one POST action that most steps are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from qamqor.audit import log
from qamqor.cases.access import CaseView, access_case
from qamqor.cases.models import Case
from qamqor.core import once
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.core.web import error_message, form_errors

Perform = Callable[[Case, dict[str, Any]], Any]
LIST_LIMIT = 200


# Finding the case


def _view(request: HttpRequest, code: str) -> CaseView:
    return access_case(request, code)  # logs every page showing a case


def _case(request: HttpRequest, code: str, *, log_read: bool = True) -> Case:
    return access_case(request, code, log_read=log_read).case


def _full_case(request: HttpRequest, code: str, *, log_read: bool = True) -> Case:
    return access_case(request, code, Action.VIEW_CASE, log_read=log_read).case


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.code])


def case_form_view(
    request: HttpRequest,
    code: str,
    *,
    form_class,
    title: str,
    perform: Perform,
    done: str,
    form_kwargs: Callable[[Case], dict] | None = None,
    full: bool = True,
    shared: str | None = None,
) -> HttpResponse:
    """GET shows the form (at a URL with a token: core.once); POST validates it and calls
    `perform(case, cleaned_data)` — once, however often the same form is submitted. The form
    is for those who see the case in full, or (`full=False`) also for a receiving
    organisation whose referral shares the `shared` category."""
    fresh = once.needs_token(request)
    view = access_case(request, code, Action.VIEW_CASE if full else None, log_read=not fresh)
    if not (view.full or shared is None or view.shows(shared)):
        raise PermissionDenied
    case = view.case
    if fresh:
        return once.with_token(request)
    extra = form_kwargs(case) if form_kwargs else {}
    form = form_class(request.POST if request.method == "POST" else None, **extra)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _made, earlier = once.save_once(
                    request, lambda: perform(case, form.cleaned_data), lambda _made: _case_url(case)
                )
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                if earlier:
                    return earlier
                log.record(request.user, log.Action.CHANGE, case, request)
                messages.success(request, done)
                return redirect(_case_url(case))
        else:
            status = 400
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": title},
        status=status,
    )


def case_post_action(request: HttpRequest, code: str, perform, done: str, *, full=True):
    """A button on the case page: POST only; errors come back as a message on the page."""
    case = _full_case(request, code) if full else _case(request, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        perform(case)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, error_message(error))
    else:
        log.record(request.user, log.Action.CHANGE, case, request)
        messages.success(request, done)
    return redirect(_case_url(case))

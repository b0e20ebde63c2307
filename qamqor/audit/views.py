"""The access log for auditors: who viewed, changed or exported which record, when."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from qamqor.audit import log
from qamqor.audit.models import AccessLogEntry
from qamqor.core import access
from qamqor.core.access import Action

DATE = forms.DateInput(attrs={"type": "date"})


class LogFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    record_code = forms.CharField(label=_("Record code"), required=False, max_length=32)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", "—"), *AccessLogEntry.Action.choices], required=False
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_ACCESS_LOG):
        raise PermissionDenied
    entries = access.scope(request.user, Action.VIEW_ACCESS_LOG, AccessLogEntry.objects.all())
    form = LogFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["username"]:
            entries = entries.filter(user__username=data["username"])
        if data["record_code"]:
            entries = entries.filter(record_code=data["record_code"].strip().upper())
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
    page = Paginator(entries.select_related("user").order_by("-at", "-pk"), 100).get_page(
        request.GET.get("page")
    )
    # Evaluates the page once (the template reuses the rows) and logs what it shows.
    log.record_entries_shown(request.user, page.object_list, request)
    return render(request, "audit/access_log.html", {"form": form, "page": page})

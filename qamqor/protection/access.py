"""The one way in to a hotline call and a trafficking screening: every page and API endpoint
finds them here — by id, with the access policy checked on that row (404 when the record does
not exist for the user) — and a read (GET/HEAD) is written to the access log."""

from __future__ import annotations

from django.http import HttpRequest

from qamqor.audit import log
from qamqor.protection import selectors
from qamqor.protection.models import HotlineCall, Screening


def _logged(request: HttpRequest, record):
    if request.method in ("GET", "HEAD"):
        log.record(request.user, log.Action.VIEW, record, request)
    return record


def access_call(request: HttpRequest, pk) -> HotlineCall:
    return _logged(request, selectors.get_call(request.user, pk))


def access_screening(request: HttpRequest, pk) -> Screening:
    return _logged(request, selectors.get_screening(request.user, pk))

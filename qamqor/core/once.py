"""Create forms that save once: Back and submit again shows what the first submit made.

A create form's page lives at a URL carrying a token (`?once=<32 hex>`): a GET without one is
redirected to the same URL with a fresh one. The form posts to its page's URL (no `action`),
so the token comes back with the POST; the view records, in the transaction that creates the
record, where the result is (`FormToken`). A POST whose token is already recorded for the user
is answered with a redirect to that result instead of creating it again.

Why in the URL and not in a hidden field: pages carrying personal data are `no-store`, so Back
re-fetches the form page from the server — a hidden field would come back with a new token —
while the browser restores what was typed. The history entry's URL keeps the token.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.core.models import FormToken

T = TypeVar("T")
FIELD = "once"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_DAYS = 30


def token(request: HttpRequest) -> str | None:
    value = request.GET.get(FIELD, "")
    return value if _TOKEN.match(value) else None


def needs_token(request: HttpRequest) -> bool:
    """A GET of the form without a (well-formed) token."""
    return request.method in ("GET", "HEAD") and token(request) is None


def with_token(request: HttpRequest) -> HttpResponseRedirect:
    """The same page, with a fresh token in its URL."""
    query = request.GET.copy()
    query[FIELD] = secrets.token_hex(16)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


def already_saved(request: HttpRequest) -> HttpResponseRedirect | None:
    """For a POST whose form was already saved by this user: a redirect to its result, with a
    message saying so."""
    value = token(request)
    if value is None:
        return None
    url = (
        FormToken.objects.filter(token=value, user=request.user)
        .values_list("url", flat=True)
        .first()
    )
    if url is None:
        return None
    messages.info(request, _("This form was already saved; here is what it made."))
    return HttpResponseRedirect(url)


def saved(request: HttpRequest, url: str) -> None:
    """Record, in the caller's transaction, that the form was saved and where its result is.
    A concurrent second submit of the same token fails here and rolls back its own work."""
    value = token(request)
    if value is None:
        return
    FormToken.objects.filter(
        user=request.user, created_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)
    ).delete()
    try:
        with transaction.atomic():
            FormToken.objects.create(token=value, user=request.user, url=url)
    except IntegrityError:
        raise DuplicateSubmit from None


class DuplicateSubmit(Exception):
    """The same form was saved meanwhile by a concurrent submit."""


def save_once(
    request: HttpRequest, perform: Callable[[], T], result_url: Callable[[T], str]
) -> tuple[T | None, HttpResponseRedirect | None]:
    """Run `perform()` in a transaction — unless this form was saved before, or a concurrent
    submit of it saves it meanwhile: then (None, a redirect to what that made); else (what
    `perform` made, None)."""
    if earlier := already_saved(request):
        return None, earlier
    try:
        with transaction.atomic():
            made = perform()
            saved(request, result_url(made))
    except DuplicateSubmit:
        return None, already_saved(request)
    return made, None

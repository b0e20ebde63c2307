"""Project middleware: refuse addresses no record can have, and keep personal data out of
caches."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Codes and ids never contain control characters, and PostgreSQL refuses a NUL in a query:
# one in a path, or a NUL in a query string, would otherwise reach a lookup and answer 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

# Responses that carry no personal data and may be cached: the public API schema and docs,
# the health check (which sets its own headers) and static files.
CACHEABLE_PATHS = ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/", "/healthz")


def _has_control_characters(request: HttpRequest) -> bool:
    if CONTROL_CHARACTERS.search(request.path):
        return True
    return any("\x00" in text for key, values in request.GET.lists() for text in (key, *values))


class RejectControlCharactersMiddleware:
    """A path with a control character (or a query string with a NUL) names nothing: 404,
    in the error shape of the page or of the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_control_characters(request):
            raise Http404
        return self.get_response(request)


def may_be_cached(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith(CACHEABLE_PATHS) or path.startswith(settings.STATIC_URL):
        return True
    if path.startswith("/api/"):
        return False
    return not request.user.is_authenticated


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user and on every API
    response (error pages and redirects included), so that no browser or proxy keeps a
    copy of a page with personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_cached(request):
            add_never_cache_headers(response)
        return response

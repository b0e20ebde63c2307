from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qamqor.core.errors import error_body


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers and monitoring."""
    body = {"database": connection.vendor, "version": settings.VERSION}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", **body}, status=503)
    return JsonResponse({"status": "ok", **body})


def _error(
    request: HttpRequest, status: int, code: str, message: str, *, plain: bool = False
) -> HttpResponse:
    """An error page, or the API's error shape under /api/. `plain` pages depend on nothing
    (no database, no static files, no user), for requests that failed before or because of
    those."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status)
    template = "error_plain.html" if plain else "error.html"
    return render(request, template, {"status": status, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "bad_request", _("The request is malformed."), plain=True)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You may not do this."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "server_error", _("Something went wrong on our side."), plain=True)

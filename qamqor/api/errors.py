"""DRF's exception handler, answering every error in the project's one error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from qamqor.core.errors import (
    ApplicationError,
    FieldErrors,
    error_body,
    field_errors_from_django,
)


def _flatten(detail: Any, prefix: str, into: FieldErrors) -> None:
    """DRF's nested error details as {"a.0.b": [{"code", "message"}]}."""
    if isinstance(detail, dict) and not ("message" in detail and "code" in detail):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" and not prefix else key
            _flatten(value, f"{prefix}.{name}" if prefix else str(name), into)
    elif isinstance(detail, list):
        if all(isinstance(item, dict) and "message" in item for item in detail):
            into.setdefault(prefix or "non_field_errors", []).extend(
                {"code": str(item["code"]), "message": str(item["message"])} for item in detail
            )
        else:
            for index, item in enumerate(detail):
                _flatten(item, f"{prefix}.{index}" if prefix else str(index), into)
    else:
        into.setdefault(prefix or "non_field_errors", []).append(
            {"code": str(detail["code"]), "message": str(detail["message"])}
        )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response(
            error_body(
                "validation_error", _("Some values are not valid."), field_errors_from_django(exc)
            ),
            status=400,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's handler500 answers it (in the same shape under /api/)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        fields: FieldErrors = {}
        _flatten(exc.get_full_details(), "", fields)
        body = error_body("validation_error", _("Some values are not valid."), fields)
    else:
        body = error_body(exc.default_code, exc.detail)
    return Response(body, status=exc.status_code, headers=headers)

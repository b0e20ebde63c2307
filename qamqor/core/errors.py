"""One error shape for the whole API, and the exception services raise for bad requests.

    {"code": "validation_error", "message": "…",
     "fields": {"<field>": [{"code": "required", "message": "…"}]}}

`message` and every field message are translated into the request's language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

FieldErrors = dict[str, list[dict[str, str]]]


class ApplicationError(Exception):
    """A request that cannot be carried out; nothing was changed."""

    status = 400
    code = "invalid"
    default_message = _("The request cannot be carried out.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        fields: FieldErrors | None = None,
        status: int | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.code = code or self.code
        self.fields = fields or {}
        self.status = status or self.status
        super().__init__(str(self.message))


class ConflictError(ApplicationError):
    status = 409
    code = "conflict"
    default_message = _("The request conflicts with the current state of the record.")


class InvalidTransitionError(ConflictError):
    code = "invalid_transition"
    default_message = _("This step is not possible in the record's current state.")


class StaleVersionError(ApplicationError):
    """A write based on a version someone else has since changed; `current` is the record
    as it is now, to show what changed."""

    status = 412
    code = "precondition_failed"
    default_message = _("Someone else changed this record after you opened it.")

    def __init__(self, message: Any = None, *, current: Any = None) -> None:
        self.current = current
        super().__init__(message)


class PreconditionRequiredError(ApplicationError):
    status = 428
    code = "precondition_required"
    default_message = _("Send the version you read in the If-Match header.")


def error_body(code: str, message: Any, fields: FieldErrors | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "fields": fields or {}}


def field_errors_from_django(error: DjangoValidationError) -> FieldErrors:
    """Django's ValidationError (from full_clean) in the API's field-error shape."""
    if not hasattr(error, "error_dict"):
        error = DjangoValidationError({NON_FIELD_ERRORS: error.error_list})
    return {
        ("non_field_errors" if name == NON_FIELD_ERRORS else name): [
            {"code": item.code or "invalid", "message": str(next(iter(item)))} for item in items
        ]
        for name, items in error.error_dict.items()
    }

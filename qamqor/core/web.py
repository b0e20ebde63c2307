"""Helpers of the web views: putting a service's refusal on a form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from qamqor.core.errors import ApplicationError, StaleVersionError
from qamqor.core.history import Change, changes_since


def form_errors(form, error: Exception) -> int:
    """Put a service's refusal on the form, field by field where it names fields; return
    the HTTP status to answer with. What was typed stays in the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = field.split(".")[-1]
            form.add_error(name if name in form.fields else None, errors)
        return 400
    if isinstance(error, ApplicationError):
        for field, errors in error.fields.items():
            name = field.split(".")[-1]
            for item in errors:
                form.add_error(name if name in form.fields else None, item["message"])
        form.add_error(None, str(error.message))
        return error.status
    form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
    return 400


def error_message(error: ValidationError | ApplicationError) -> str:
    """A service's refusal as one sentence, for a message on the page."""
    if isinstance(error, ApplicationError):
        return str(error.message)
    return " ".join(error.messages)


def stale_edit(form, error: StaleVersionError) -> list[Change]:
    """Refuse an edit based on a stale version: keep what was typed, say what someone else
    changed meanwhile, and let a second submit (now on the current version) overwrite it
    knowingly."""
    changes = changes_since(error.current, form.cleaned_data["version"])
    form.data = form.data.copy()
    form.data["version"] = error.current.version
    form.add_error(None, str(error.message))
    return changes


def child_or_404(queryset, pk):
    """One record of a case's (a decision, a stay, an order…) found by its id in `queryset`,
    or a 404 (the API's error handler answers it in the API's shape); for pages and endpoints
    alike, after the case was reached through the access policy."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found

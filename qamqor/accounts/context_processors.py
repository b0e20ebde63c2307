"""The unread count of the user's inbox, for every page's header: one query, only when a page
shows it (htmx fragments do not)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from qamqor.accounts import selectors


def inbox(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: selectors.unread_count(user))}

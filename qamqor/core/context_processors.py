from django.conf import settings

from qamqor.core import access


def qamqor(request):
    user = getattr(request, "user", None)
    return {
        "QAMQOR_VERSION": settings.VERSION,
        "LANGUAGE_CHOICES": settings.LANGUAGES,  # each in its own language, never translated
        "can_use_admin": bool(user) and access.can(user, access.Action.USE_ADMIN_SITE),
        "can_view_cases": bool(user) and access.can(user, access.Action.VIEW_CASE),
        "can_view_calls": bool(user) and access.can(user, access.Action.VIEW_CALL),
        "can_view_screenings": bool(user) and access.can(user, access.Action.VIEW_SCREENING),
        "can_view_access_log": bool(user) and access.can(user, access.Action.VIEW_ACCESS_LOG),
    }

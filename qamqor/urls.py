from django.contrib import admin
from django.urls import include, path

from qamqor.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("qamqor.accounts.urls")),
    path("catalog/", include("qamqor.catalog.urls")),
    path("providers/", include("qamqor.providers.urls")),
    path("cases/", include("qamqor.cases.urls")),
    path("persons/", include("qamqor.people.urls")),
    path("", include("qamqor.protection.urls")),
    path("access-log/", include("qamqor.audit.urls")),
    path("api/v1/", include("qamqor.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("qamqor.front.urls")),
]

handler400 = "qamqor.core.views.bad_request"
handler403 = "qamqor.core.views.permission_denied"
handler404 = "qamqor.core.views.page_not_found"
handler500 = "qamqor.core.views.server_error"

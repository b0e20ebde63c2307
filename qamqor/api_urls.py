"""Version 1 of the REST API: /api/v1/…; schema and docs are readable without logging in."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from qamqor.accounts import api as accounts_api
from qamqor.cases import api as cases_api
from qamqor.catalog import api as catalog_api
from qamqor.people import api as people_api
from qamqor.protection import api as protection_api
from qamqor.providers import api as providers_api

# No format-suffix routes (`/cases/<code>.json`): the API speaks JSON only, and DRF's suffix
# patterns pass a `format` argument that most of our actions do not take (a 500 each).
router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register("catalog/regions", catalog_api.RegionViewSet, basename="region")
router.register("catalog/groups", catalog_api.AtRiskGroupViewSet, basename="group")
router.register("catalog/service-types", catalog_api.ServiceTypeViewSet, basename="service-type")
router.register("catalog/settings", catalog_api.SettingViewSet, basename="setting")
router.register(
    "catalog/refusal-reasons", catalog_api.RefusalReasonViewSet, basename="refusal-reason"
)
router.register(
    "catalog/trafficking-indicators",
    catalog_api.TraffickingIndicatorViewSet,
    basename="trafficking-indicator",
)
router.register("catalog/standards", catalog_api.StandardViewSet, basename="standard")
router.register("organisations", providers_api.OrganisationViewSet, basename="organisation")
router.register("certifications", providers_api.CertificationViewSet, basename="certification")
router.register("facilities", providers_api.FacilityViewSet, basename="facility")
router.register("persons", people_api.PersonViewSet, basename="person")
router.register("intakes", cases_api.IntakeViewSet, basename="intake")
router.register("cases", cases_api.CaseViewSet, basename="case")
# Protection's records of a case, on the same prefix: routes on one case only.
router.register("cases", protection_api.CaseProtectionViewSet, basename="case-protection")
router.register("referrals", cases_api.ReferralViewSet, basename="referral")
router.register("transfers", cases_api.TransferViewSet, basename="transfer")
router.register("calls", protection_api.HotlineCallViewSet, basename="call")
router.register("screenings", protection_api.ScreeningViewSet, basename="screening")
router.register("alerts", protection_api.AlertViewSet, basename="alert")
router.register("notices", accounts_api.NoticeViewSet, basename="notice")

app_name = "api"
urlpatterns = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The HTML pages describe no OPTIONS (their template renderer cannot render one): 405.
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", metadata_class=None),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", metadata_class=None),
        name="redoc",
    ),
    path("", include(router.urls)),
]

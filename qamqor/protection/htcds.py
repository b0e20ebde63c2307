"""Code lists of IOM's Human Trafficking Case Data Standard v2 (reference/htcds-v2-*.md), so
that identification data can be exchanged with international partners: the stored value is
the HTCDS value name, the label is ours in three languages."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.db import models
from django.utils.translation import gettext_lazy as _

from qamqor.core.models import current_language


class TraffickingStatus(models.TextChoices):
    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Actual victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class ExploitationType(models.TextChoices):
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    DOMESTIC_SERVITUDE = "DomesticServitude", _("Domestic servitude")
    FORCED_CRIMINALITY = "ForcedCriminalActivity", _("Forced criminal activity")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    REMOVAL_OF_ORGANS = "RemovalOfOrgans", _("Removal of organs")
    OTHER = "Other", _("Other exploitation")


# The three forms the national statistics count: forced labour, sexual exploitation, other.
LABOUR_FORMS = {
    ExploitationType.FORCED_LABOUR,
    ExploitationType.DOMESTIC_SERVITUDE,
    ExploitationType.FORCED_BEGGING,
    ExploitationType.FORCED_CRIMINALITY,
}


class ExploitationForm(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL = "sexual", _("Sexual exploitation")
    OTHER = "other", _("Other")


def exploitation_form(types: set[str]) -> str:
    """The national form of exploitation from the HTCDS types: sexual when any is sexual,
    forced labour when any is labour, else other."""
    if ExploitationType.SEXUAL in types:
        return ExploitationForm.SEXUAL
    if types & LABOUR_FORMS:
        return ExploitationForm.FORCED_LABOUR
    return ExploitationForm.OTHER


class LabourIndustry(models.TextChoices):
    """HTCDS labour industry, tier 1: the sections of ISIC Rev. 4."""

    A = "A_AgricultureForestryAndFishing", _("Agriculture, forestry and fishing")
    B = "B_MiningAndQuarrying", _("Mining and quarrying")
    C = "C_Manufacturing", _("Manufacturing")
    D = "D_ElectricityGasSteamAndAirConditioningSupply", _("Electricity and gas supply")
    E = "E_WaterSupplySewerageWasteManagement", _("Water supply, sewerage and waste")
    F = "F_Construction", _("Construction")
    G = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("Wholesale and retail trade")
    H = "H_TransportationAndStorage", _("Transportation and storage")
    I = "I_AccommodationAndFoodServiceActivities", _("Accommodation and food services")  # noqa: E741
    J = "J_InformationAndCommunication", _("Information and communication")
    K = "K_FinancialAndInsuranceActivities", _("Financial and insurance activities")
    L = "L_RealEstateActivities", _("Real estate")
    M = "M_ProfessionalScientificAndTechnicalActivities", _("Professional and technical work")
    N = "N_AdministrativeAndSupportServiceActivities", _("Administrative and support services")
    O = "O_PublicAdministrationAndDefence", _("Public administration and defence")  # noqa: E741
    P = "P_Education", _("Education")
    Q = "Q_HumanHealthAndSocialWorkActivities", _("Health and social work")
    R = "R_ArtsEntertainmentAndRecreation", _("Arts, entertainment and recreation")
    S = "S_OtherServiceActivities", _("Other services")
    T = "T_ActivitiesOfHouseholdsAsEmployers", _("Households as employers (domestic work)")
    U = "U_ActivitiesOfExtraterritorialOrganizations", _("Extraterritorial organisations")


# Babel's territories include regions ("001") and pseudo-codes; only ISO 3166 countries here.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(language).territories
    return tuple(
        sorted(
            (
                (code, name)
                for code, name in names.items()
                if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
            ),
            key=lambda item: item[1],
        )
    )


def countries() -> tuple[tuple[str, str], ...]:
    """(ISO 3166-1 alpha-2 code, name in the active language), by name."""
    return _countries(current_language())


def country_name(code: str) -> str:
    return dict(countries()).get(code, code)


def is_country(code: str) -> bool:
    return code in dict(_countries("en"))

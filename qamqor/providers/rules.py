"""The access rules of providers' records (registered in ProvidersConfig.ready())."""

from qamqor.core import access
from qamqor.core.access import OwnedBy


def register() -> None:
    access.register("providers.Certification", OwnedBy("organisation"))
    access.register("providers.CertificationSuspension", OwnedBy("certification__organisation"))
    access.register("providers.Facility", OwnedBy("organisation"))
    access.register("providers.Funding", OwnedBy("organisation"))

"""The access rules of the access log (registered in AuditConfig.ready()): who may read it is
the grant alone (auditors, everywhere)."""

from qamqor.core import access
from qamqor.core.access import Everywhere


def register() -> None:
    access.register("audit.AccessLogEntry", Everywhere())
    access.register("audit.AccessLogLink", Everywhere())

"""The access rules of protection's records (registered in ProtectionConfig.ready()): records
taken before a case belong to their organisation's front line until they join a case; the
rest are reached through their case."""

from qamqor.cases.rules import ThroughCase, UntilCase
from qamqor.core import access
from qamqor.core.access import Via


def register() -> None:
    access.register("protection.HotlineCall", UntilCase())
    access.register("protection.Screening", UntilCase())
    access.register("protection.ScreeningAnswer", Via("screening", "protection.Screening"))
    access.register("protection.Alert", UntilCase())
    access.register("protection.OrderViolation", ThroughCase())
    for name in ("Identification", "ProtectiveOrder", "RiskAssessment", "SafetyPlan"):
        access.register(f"protection.{name}", ThroughCase())

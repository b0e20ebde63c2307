"""The cast of the generated access test: three organisations, each with an operator, two
case workers, a supervisor and a provider manager (who only grants roles), and the operator of O2
is also a case worker of O1. Created once per test function; every generated sequence
runs inside a savepoint rolled back at its end, so each starts from this cast."""

from __future__ import annotations

from dataclasses import dataclass, field

from rest_framework.test import APIClient

from qamqor.accounts.models import Organisation, User
from qamqor.catalog.models import AtRiskGroup, Region
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

ORGS = ("O0", "O1", "O2")
# User keys are "<name><organisation number>", e.g. cw0a, cw0b, sup1, mgr2.
STAFF_ROLES = (
    ("op{}", "operator"),
    ("cw{}a", "caseworker"),
    ("cw{}b", "caseworker"),
    ("sup{}", "supervisor"),
)
REGION = "KZ-71"
PLAIN_GROUP = "homeless"  # not restricted
RESTRICTED_GROUP = "trafficking_victims"  # restricted


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    clients: dict[str, APIClient] = field(default_factory=dict)
    memberships: list[tuple[str, str, str]] = field(default_factory=list)
    staff: dict[str, list[str]] = field(default_factory=dict)  # case staff, by organisation
    managers: dict[str, str] = field(default_factory=dict)
    region: Region | None = None
    plain_group: AtRiskGroup | None = None
    restricted_group: AtRiskGroup | None = None

    @property
    def user_keys(self) -> list[str]:
        return list(self.users)

    def org_key(self, pk: int) -> str:
        return next(key for key, org in self.orgs.items() if org.pk == pk)

    def user_key(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        return next(key for key, user in self.users.items() if user.pk == pk)

    def describe(self, user: str) -> str:
        roles = [f"{role} {org}" for who, org, role in self.memberships if who == user]
        return f"{user} ({', '.join(roles)})"


def build_world() -> World:
    world = World()
    world.region = Region.objects.get(code=REGION)
    world.plain_group = AtRiskGroup.objects.get(code=PLAIN_GROUP)
    world.restricted_group = AtRiskGroup.objects.get(code=RESTRICTED_GROUP)
    for index, key in enumerate(ORGS):
        world.orgs[key] = OrganisationFactory(code=f"gen-{key.lower()}")
        world.staff[key] = []
        for name, role in STAFF_ROLES:
            user_key = name.format(index)
            _member(world, user_key, key, role)
            world.staff[key].append(user_key)
        manager = f"mgr{index}"
        _member(world, manager, key, "provider_manager")
        world.managers[key] = manager
    _member(world, "op2", "O1", "caseworker")  # one user in two organisations
    world.staff["O1"].append("op2")
    for key, user in world.users.items():
        client = APIClient()
        client.force_login(user)  # a session: every request reads the user's roles afresh
        world.clients[key] = client
    return world


def _member(world: World, user_key: str, org_key: str, role: str) -> None:
    user = world.users.get(user_key)
    if user is None:
        user = UserFactory(username=f"gen-{user_key}")
        world.users[user_key] = user
    MembershipFactory(user=user, organisation=world.orgs[org_key], role=role)
    world.memberships.append((user_key, org_key, role))

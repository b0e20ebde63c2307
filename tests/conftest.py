import os

import pytest
from django.core.management import call_command
from django.db import connection

from qamqor.catalog.models import Region
from qamqor.core.access import Role
from tests.factories import (
    CertificationFactory,
    FacilityFactory,
    MembershipFactory,
    OrganisationFactory,
)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite, with the reason, and run on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (real concurrency); SQLite run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    return f"database engine: {connection.vendor}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_blocker):
    """On PostgreSQL, the app role (settings.DATABASE_APP_ROLE) must exist before the test
    database is migrated: migrate grants it its rights. Created here if missing (the suite
    runs as a superuser), safely when several workers try at once."""
    from django.conf import settings

    if connection.vendor != "postgresql":
        return
    role = connection.ops.quote_name(settings.DATABASE_APP_ROLE)
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {role} LOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_catalog", verbosity=0)


@pytest.fixture
def catalog(db):
    """The reference data (reloaded if a transactional test flushed it)."""
    if not Region.objects.exists():
        call_command("load_catalog", verbosity=0)


@pytest.fixture
def org(catalog):
    return OrganisationFactory(code="own-org")


@pytest.fixture
def other_org(catalog):
    return OrganisationFactory(code="other-org")


@pytest.fixture
def member(org):
    """A factory of users holding a role in the own organisation (or another)."""

    def make(role: Role | str, organisation=None):
        return MembershipFactory(role=role, organisation=organisation or org).user

    return make


def _outcomes(config) -> dict[str, int]:
    stats = config.pluginmanager.get_plugin("terminalreporter").stats
    return {
        outcome: len([report for report in stats.get(outcome, []) if report.when != "teardown"])
        for outcome in ("passed", "failed", "error", "skipped")
    }


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    outcomes = _outcomes(config)
    detail = ", ".join(f"{count} {outcome}" for outcome, count in outcomes.items() if count)
    terminalreporter.write_line(
        f"Qamqor test run on {connection.vendor}: {sum(outcomes.values())} tests ({detail})",
        bold=True,
    )
    from tests.access.summary import write_summary

    write_summary(terminalreporter)  # the generated access test's seed and figures


def pytest_sessionfinish(session, exitstatus):
    """Under CI (QAMQOR_FORBID_SKIPS_ON_POSTGRES=1) a skipped test fails the PostgreSQL run:
    the PostgreSQL-only tests must really run there."""
    forbidden = os.environ.get("QAMQOR_FORBID_SKIPS_ON_POSTGRES") == "1"
    if forbidden and connection.vendor == "postgresql" and _outcomes(session.config)["skipped"]:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def staff(org, other_org):
    """One user per case role in own-org, and a case worker and supervisor in other-org."""
    roles = [Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR]
    people = {role.value: MembershipFactory(organisation=org, role=role).user for role in roles}
    people["caseworker2"] = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    people["other_caseworker"] = MembershipFactory(
        organisation=other_org, role=Role.CASEWORKER
    ).user
    people["other_supervisor"] = MembershipFactory(
        organisation=other_org, role=Role.SUPERVISOR
    ).user
    return people


@pytest.fixture
def certified(org, other_org):
    """Both organisations serve Astana and are certified for psychological, legal, medical and
    shelter services; each has a 2-bed shelter."""
    astana = Region.objects.get(code="KZ-71")
    types = ["social_psychological", "social_legal", "social_medical", "shelter"]
    for organisation in (org, other_org):
        organisation.regions_served.set([astana])
        CertificationFactory(organisation=organisation, service_types=types)
    return {
        "own_shelter": FacilityFactory(organisation=org, name="Own shelter", bed_capacity=2),
        "other_shelter": FacilityFactory(
            organisation=other_org, name="Other shelter", bed_capacity=2
        ),
    }

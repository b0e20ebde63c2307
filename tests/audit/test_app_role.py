"""The application's PostgreSQL role may only read and append the access log and its chain;
migrations run as the owner and grant it its rights; the `qamqor` command picks the owner's
URL for the commands that need it."""

import psycopg
import pytest
from django.core.management.base import CommandError
from django.db import connection

from qamqor.audit.roles import grant_app_role
from qamqor.cli import OWNER_COMMANDS, database_url

ENVIRONMENT = {
    "DATABASE_URL": "postgres://qamqor_app@db/qamqor",
    "DATABASE_OWNER_URL": "postgres://qamqor_owner@db/qamqor",
}


def test_migrate_runs_as_the_owner_and_everything_else_as_the_app_role():
    assert database_url("migrate", ENVIRONMENT) == ENVIRONMENT["DATABASE_OWNER_URL"]
    assert {"migrate", "flush"} <= OWNER_COMMANDS
    for command in ("runserver", "seal_access_log", "verify_access_log", "demo", "shell", ""):
        assert database_url(command, ENVIRONMENT) == ENVIRONMENT["DATABASE_URL"]


def test_without_an_owner_url_every_command_uses_database_url():
    environment = {"DATABASE_URL": ENVIRONMENT["DATABASE_URL"], "DATABASE_OWNER_URL": " "}
    assert database_url("migrate", environment) == ENVIRONMENT["DATABASE_URL"]
    assert database_url("migrate", {}) is None


def app_role_connection(settings) -> psycopg.Connection:
    """A second connection to the test database, as the app role (not in autocommit: nothing
    it does is committed)."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        dbname=params["NAME"],
        user=settings.DATABASE_APP_ROLE,
    )


def _refused(app, statement, params=()):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), app.transaction():
        app.execute(statement, params)


@pytest.mark.postgres
def test_the_app_role_reads_and_appends_the_log_and_may_change_nothing_in_it(db, settings):
    with app_role_connection(settings) as app, app.transaction(force_rollback=True):
        role = app.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        assert role.fetchone() == (settings.DATABASE_APP_ROLE, False)
        user_id = app.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined, language)"
            " VALUES ('!', false, 'app-role-probe', '', '', '', false, true, now(), '')"
            " RETURNING id"
        ).fetchone()[0]
        # Ordinary tables: the usual rights.
        app.execute("UPDATE accounts_user SET first_name = 'Probe' WHERE id = %s", [user_id])
        app.execute("UPDATE cases_case SET status = status WHERE id = -1")
        app.execute("DELETE FROM cases_case WHERE id = -1")
        # The log and its chain: read and append.
        entry_id = app.execute(
            "INSERT INTO audit_accesslogentry (at, user_id, action, record_type, record_id,"
            " record_code, channel) VALUES (now(), %s, 'view', 'cases.case', 1, '', 'web')"
            " RETURNING id",
            [user_id],
        ).fetchone()[0]
        app.execute(
            "INSERT INTO audit_accessloglink (entry_id, hash) VALUES (%s, %s)",
            [entry_id, "0" * 64],
        )
        assert app.execute("SELECT count(*) FROM audit_accesslogentry").fetchone()[0] >= 1
        assert app.execute("SELECT count(*) FROM audit_accessloglink").fetchone()[0] >= 1
        # …and nothing else.
        for table in ("audit_accesslogentry", "audit_accessloglink"):
            key = "id" if table == "audit_accesslogentry" else "entry_id"
            update = f"UPDATE {table} SET {key} = {key} WHERE {key} = %s"  # noqa: S608
            _refused(app, update, [entry_id])
            _refused(app, f"DELETE FROM {table} WHERE {key} = %s", [entry_id])  # noqa: S608
            _refused(app, f"TRUNCATE {table}")
            _refused(app, f"ALTER TABLE {table} DISABLE TRIGGER USER")
            _refused(app, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            _refused(app, f"DROP TABLE {table}")
        _refused(app, "SET session_replication_role = replica")  # would skip the triggers
        _refused(app, "SELECT setval('audit_accesslogentry_id_seq', 1)")
        owned = app.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
            " WHERE rolname = current_user)"
        ).fetchone()[0]
        assert owned == 0


@pytest.mark.postgres
def test_granting_again_changes_nothing(db, settings):
    grant_app_role(using="default")
    grant_app_role(using="default")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)"
            " FROM information_schema.role_table_grants WHERE grantee = %s"
            " AND table_name IN ('audit_accesslogentry', 'audit_accessloglink', 'cases_case')"
            " GROUP BY table_name ORDER BY table_name",
            [settings.DATABASE_APP_ROLE],
        )
        assert cursor.fetchall() == [
            ("audit_accesslogentry", "INSERT,SELECT"),
            ("audit_accessloglink", "INSERT,SELECT"),
            ("cases_case", "DELETE,INSERT,SELECT,UPDATE"),
        ]


@pytest.mark.postgres
@pytest.mark.parametrize("role", ["owner", "no_such_role_for_qamqor"])
def test_the_owner_or_a_missing_role_as_app_role_stops_the_migration(db, settings, role):
    settings.DATABASE_APP_ROLE = connection.settings_dict["USER"] if role == "owner" else role
    with pytest.raises(CommandError, match="DATABASE_APP_ROLE"):
        grant_app_role(using="default")


def test_without_an_app_role_or_on_sqlite_nothing_is_granted(
    db, settings, django_assert_num_queries
):
    settings.DATABASE_APP_ROLE = None
    with django_assert_num_queries(0):
        grant_app_role(using="default")

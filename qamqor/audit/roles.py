"""The application's PostgreSQL role (DATABASE_APP_ROLE): after every migrate, run as the
owner, it gets SELECT/INSERT/UPDATE/DELETE on every table of the schema and USAGE/SELECT on
every sequence, then loses UPDATE, DELETE and TRUNCATE on the access log and its chain. It must
own nothing: only an owner (or a superuser) may ALTER a table, disable its triggers or grant
rights back. See docs/deployment.md."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

APPEND_ONLY_TABLES = ("audit_accesslogentry", "audit_accessloglink")


def grant_app_role(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate handler; does nothing unless DATABASE_APP_ROLE is set and the database is
    PostgreSQL. Idempotent."""
    role = getattr(settings, "DATABASE_APP_ROLE", None)
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolname = current_user, current_schema() FROM pg_roles"
            " WHERE rolname = %s",
            [role],
        )
        found = cursor.fetchone()
        if found is None:
            raise CommandError(
                f"DATABASE_APP_ROLE {role!r} does not exist: create it first "
                "(CREATE ROLE … LOGIN; docs/deployment.md)."
            )
        superuser, is_me, schema = found
        if superuser or is_me:
            raise CommandError(
                f"DATABASE_APP_ROLE {role!r} must be neither a superuser nor the role that runs "
                "migrations (DATABASE_OWNER_URL): it could then change the access log."
            )
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace"
            " AND (pg_has_role(%s, c.relowner, 'MEMBER')) LIMIT 1",
            [schema, role],
        )
        owned = cursor.fetchone()
        if owned is not None:
            raise CommandError(
                f"DATABASE_APP_ROLE {role!r} owns {owned[0]!r} (or is a member of its owner): "
                "the tables must belong to the owner role only."
            )
        grantee, namespace = quote(role), quote(schema)
        tables = ", ".join(quote(table) for table in APPEND_ONLY_TABLES)
        for statement in (
            f"GRANT USAGE ON SCHEMA {namespace} TO {grantee}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {namespace}"
            f" TO {grantee}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {namespace} TO {grantee}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {tables} FROM {grantee}",
        ):
            cursor.execute(statement)

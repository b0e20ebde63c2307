"""Finding 9 (medium): the access log could be erased. On SQLite `_base_manager.update()`,
`_raw_delete()` and raw SQL succeeded unseen; on PostgreSQL the app connected as the superuser,
so TRUNCATE and `ALTER TABLE … DISABLE TRIGGER` succeeded."""

import datetime as dt
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from qamqor.audit import log
from qamqor.audit.models import AccessLogEntry, AppendOnlyError
from tests.factories import OrganisationFactory, UserFactory


def test_the_orm_refuses_base_manager_update_and_raw_delete(db):
    user = UserFactory()
    log.record(user, log.Action.VIEW, OrganisationFactory.build(pk=1))
    entry = AccessLogEntry.objects.get()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry._base_manager.filter(pk=entry.pk).update(action="change")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry._base_manager.filter(pk=entry.pk)._raw_delete(connection.alias)
    assert AccessLogEntry.objects.get().action == "view"


def test_a_change_by_raw_sql_is_detected(db):
    user = UserFactory()
    at = timezone.now() - dt.timedelta(minutes=5)
    entries = AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(user=user, action="view", record_type="cases.case", record_id=n, at=at)
            for n in range(4)
        ]
    )
    call_command("seal_access_log", stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # as the owner, who can disable the trigger
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_accesslogentry SET record_id = 99 WHERE id = %s", [entries[2].pk]
        )
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_access_log", stdout=out)
    assert exit_.value.code == 1
    assert out.getvalue() == f"first broken link: id={entries[2].pk} (changed)\n"


@pytest.mark.postgres
def test_the_app_role_can_neither_empty_nor_change_the_log(db):
    """The role the application connects as (before: the DATABASE_URL user, a superuser)."""
    params = connection.settings_dict
    role = getattr(settings, "DATABASE_APP_ROLE", None) or params["USER"]
    with (
        psycopg.connect(
            host=params["HOST"] or None,
            port=params["PORT"] or None,
            dbname=params["NAME"],
            user=role,
        ) as app,
        app.transaction(force_rollback=True),
    ):
        for statement in (
            "TRUNCATE audit_accesslogentry",
            "UPDATE audit_accesslogentry SET action = 'change'",
            "DELETE FROM audit_accesslogentry",
            "ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), app.transaction():
                app.execute(statement)

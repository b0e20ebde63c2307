"""The access log's hash chain: sealing, and verifying that catches an entry changed, deleted
or inserted out of order, a rewritten link, and (with a head kept elsewhere) a rewritten chain
— on SQLite and PostgreSQL."""

import datetime as dt
import hashlib
import re
import threading

import pytest
from django.db import connection

from qamqor.audit import chain, log
from qamqor.audit.models import AccessLogEntry, AccessLogLink, AppendOnlyError
from tests.audit.tamper import ENTRIES, LINKS, entries, links, run, tamper
from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def sealed(user):
    """Five entries, sealed."""
    rows = entries(user, 5)
    assert run("seal_access_log") == (0, "sealed 5\n", "")
    return rows


def test_it_seals_and_verifies_an_intact_log(sealed):
    assert run("verify_access_log") == (0, "ok 5\n", "")
    assert [entry_id for entry_id, _hash in links()] == [entry.pk for entry in sealed]


def test_each_link_hashes_the_previous_link_and_the_entry(sealed):
    first, second = links()[:2]
    entry = AccessLogEntry.objects.get(pk=sealed[1].pk)
    canonical = (
        f'[{entry.pk},"{entry.at.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S.%fZ}",{entry.user_id},'
        f'"view","cases.case",2,"C0000002",2,"10.0.0.2","web"]'
    ).encode()
    assert second[1] == hashlib.sha256(bytes.fromhex(first[1]) + canonical).hexdigest()


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE audit_accesslogentry SET record_code = 'C9999999' WHERE id = %s",
        "UPDATE audit_accesslogentry SET action = 'list' WHERE id = %s",
        "UPDATE audit_accesslogentry SET ip_address = '10.9.9.9' WHERE id = %s",
        "UPDATE audit_accesslogentry SET case_id = NULL WHERE id = %s",
    ],
)
def test_it_names_an_entry_changed_by_raw_sql(sealed, change):
    tamper(ENTRIES, change, [sealed[2].pk])
    assert run("verify_access_log")[:2] == (1, f"first broken link: id={sealed[2].pk} (changed)\n")


def test_it_names_an_entry_whose_time_moved_by_a_microsecond(sealed):
    moved = sealed[3].at + dt.timedelta(microseconds=1)
    tamper(ENTRIES, "UPDATE audit_accesslogentry SET at = %s WHERE id = %s", [moved, sealed[3].pk])
    assert run("verify_access_log")[:2] == (1, f"first broken link: id={sealed[3].pk} (changed)\n")


def test_it_names_a_deleted_entry(sealed):
    tamper(ENTRIES, "DELETE FROM audit_accesslogentry WHERE id = %s", [sealed[1].pk])
    assert run("verify_access_log")[:2] == (1, f"first broken link: id={sealed[1].pk} (deleted)\n")


def test_it_names_the_last_entry_deleted(sealed):
    tamper(ENTRIES, "DELETE FROM audit_accesslogentry WHERE id = %s", [sealed[4].pk])
    assert run("verify_access_log")[:2] == (1, f"first broken link: id={sealed[4].pk} (deleted)\n")


def test_it_names_an_entry_inserted_below_the_sealed_head(user):
    first = entries(user, 4)
    gap = first[-1].pk + 10  # an entry far above the others leaves free ids below it
    entries(user, 1, start=5, id=gap)
    assert run("seal_access_log") == (0, "sealed 5\n", "")
    forged = gap - 3
    at = first[0].at
    tamper(
        ENTRIES,
        "INSERT INTO audit_accesslogentry (id, at, user_id, action, record_type, record_id,"
        " record_code, case_id, ip_address, channel)"
        " VALUES (%s, %s, %s, 'view', 'cases.case', 7, '', NULL, NULL, 'web')",
        [forged, at, user.pk],
    )
    expected = f"first broken link: id={forged} (inserted out of order)\n"
    assert run("verify_access_log")[:2] == (1, expected)


def test_it_names_an_entry_whose_link_was_rewritten(sealed):
    forged = hashlib.sha256(b"forged").hexdigest()
    tamper(
        LINKS,
        "UPDATE audit_accessloglink SET hash = %s WHERE entry_id = %s",
        [forged, sealed[1].pk],
    )
    expected = f"first broken link: id={sealed[1].pk} (link changed)\n"
    assert run("verify_access_log")[:2] == (1, expected)


def test_a_deleted_link_is_found(sealed):
    tamper(LINKS, "DELETE FROM audit_accessloglink WHERE entry_id = %s", [sealed[2].pk])
    expected = f"first broken link: id={sealed[2].pk} (inserted out of order)\n"
    assert run("verify_access_log")[:2] == (1, expected)


def _rewrite_the_chain():
    """What the database owner can do: drop every link and seal again."""
    tamper(LINKS, "DELETE FROM audit_accessloglink")
    assert run("seal_access_log")[0] == 0


def test_a_head_kept_elsewhere_reveals_a_rewritten_chain(sealed):
    code, head, _ = run("access_log_head")
    assert code == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ id=\d+ sha256=[0-9a-f]{64}\n", head)
    assert f"id={sealed[4].pk} sha256={links()[-1][1]}" in head
    assert run("verify_access_log", "--head", head) == (0, "ok 5\n", "")

    tamper(
        ENTRIES,
        "UPDATE audit_accesslogentry SET user_id = %s WHERE id = %s",
        [UserFactory().pk, sealed[1].pk],
    )
    _rewrite_the_chain()
    assert run("verify_access_log") == (0, "ok 5\n", "")  # the chain alone cannot tell
    expected = f"first broken link: id={sealed[4].pk} (differs from the head kept elsewhere)\n"
    assert run("verify_access_log", "--head", head)[:2] == (1, expected)


def test_a_head_kept_elsewhere_reveals_a_chain_cut_short(sealed):
    head = run("access_log_head")[1]
    tamper(ENTRIES, "DELETE FROM audit_accesslogentry WHERE id >= %s", [sealed[3].pk])
    tamper(LINKS, "DELETE FROM audit_accessloglink WHERE entry_id >= %s", [sealed[3].pk])
    assert run("verify_access_log") == (0, "ok 3\n", "")
    expected = f"first broken link: id={sealed[4].pk} (missing: the head kept elsewhere names it)\n"
    assert run("verify_access_log", "--head", head)[:2] == (1, expected)


def test_an_older_head_still_holds_as_the_log_grows(user, sealed):
    head = run("access_log_head")[1]
    entries(user, 3, start=6)
    assert run("seal_access_log")[1] == "sealed 3\n"
    assert run("verify_access_log", "--head", head)[:2] == (0, "ok 8\n")


def test_a_head_line_that_cannot_be_read_is_refused(sealed):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a head line"):
        run("verify_access_log", "--head", "yesterday's head")


def test_sealing_twice_changes_nothing(sealed):
    before = links()
    assert run("seal_access_log") == (0, "sealed 0\n", "")
    assert links() == before


def test_entries_inside_the_grace_period_are_not_sealed(user):
    due = entries(user, 2)
    entries(user, 1, start=3, age=dt.timedelta(seconds=5))
    # Older again, but after a fresh one in id order: it waits for the fresh one.
    entries(user, 1, start=4)
    assert run("seal_access_log") == (0, "sealed 2\n", "")
    assert [entry_id for entry_id, _hash in links()] == [entry.pk for entry in due]
    assert run("verify_access_log") == (0, "ok 2\n", "2 newer entries are not sealed yet\n")
    assert run("seal_access_log", "--grace", "0")[1] == "sealed 2\n"
    assert run("verify_access_log")[1] == "ok 4\n"


def test_an_empty_log_verifies_and_has_an_empty_head(db):
    assert run("verify_access_log") == (0, "ok 0\n", "")
    head = run("access_log_head")[1]
    assert head.endswith(f" id=0 sha256={'0' * 64}\n")
    assert run("verify_access_log", "--head", head)[:2] == (0, "ok 0\n")


def test_it_seals_and_verifies_page_by_page(user):
    rows = entries(user, 7)
    assert chain.seal(grace=0, batch=2) == 7
    assert chain.verify(page=2).line() == "ok 7"
    tamper(ENTRIES, "DELETE FROM audit_accesslogentry WHERE id = %s", [rows[5].pk])
    assert chain.verify(page=2).line() == f"first broken link: id={rows[5].pk} (deleted)"


def test_a_log_write_stays_one_insert(user, django_assert_num_queries):
    from tests.factories import OrganisationFactory

    record = OrganisationFactory.build(pk=1)
    with django_assert_num_queries(1):
        log.record(user, log.Action.VIEW, record)
    with django_assert_num_queries(1):
        log.record_many(user, log.Action.LIST, [record] * 20)


def test_the_orm_refuses_to_change_a_link(sealed):
    link = AccessLogLink.objects.get(entry_id=sealed[0].pk)
    link.hash = "0" * 64
    for attempt in (
        link.save,
        link.delete,
        lambda: AccessLogLink.objects.update(hash="0" * 64),
        lambda: AccessLogLink._base_manager.update(hash="0" * 64),
        lambda: AccessLogLink.objects.all().delete(),
        lambda: AccessLogLink._base_manager.all()._raw_delete(connection.alias),
        lambda: AccessLogLink(entry_id=sealed[0].pk, hash="0" * 64).save(force_update=True),
    ):
        with pytest.raises(AppendOnlyError):
            attempt()
    assert run("verify_access_log")[1] == "ok 5\n"


@pytest.mark.postgres
def test_on_postgresql_a_trigger_refuses_changing_a_link_whoever_asks(sealed):
    from django.db import DatabaseError, transaction

    for statement in (
        "UPDATE audit_accessloglink SET hash = 'x'",
        "DELETE FROM audit_accessloglink",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert run("verify_access_log")[1] == "ok 5\n"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sealers_at_once_build_one_chain():
    user = UserFactory()
    entries(user, 400)
    start = threading.Barrier(2)
    outcomes = []

    def seal():
        try:
            start.wait()
            outcomes.append(chain.seal(grace=0, batch=25))
        except Exception as error:  # noqa: BLE001 - asserted on below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=seal) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(count, int) for count in outcomes), outcomes
    assert sum(outcomes) == 400
    assert chain.verify().line() == "ok 400"
    assert AccessLogLink.objects.count() == 400

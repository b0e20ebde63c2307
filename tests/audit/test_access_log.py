"""The access log: every view, change and export of a case or person, append-only."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.audit import log
from qamqor.audit.models import AccessLogEntry, AppendOnlyError
from qamqor.core.access import Role
from tests.factories import CaseFactory


@pytest.fixture
def case(org, staff):
    return CaseFactory(organisation=org, lead_worker=staff["caseworker"])


def test_a_case_page_view_logs_the_case_and_the_person(client, case, staff):
    client.force_login(staff["caseworker"])
    client.get(reverse("cases:detail", args=[case.code]), REMOTE_ADDR="10.1.2.3")
    entries = AccessLogEntry.objects.filter(user=staff["caseworker"], action="view")
    assert {(e.record_type, e.record_code) for e in entries} == {
        ("cases.case", case.code),
        ("people.person", case.person.code),
    }
    assert all(entry.ip_address == "10.1.2.3" and entry.channel == "web" for entry in entries)
    assert all(entry.case_id in (case.pk, None) for entry in entries)


def _case_get_routes():
    """Every GET route on one case: web pages from the URL resolver, API paths from the
    OpenAPI schema."""
    import re as re_

    from django.urls import URLResolver, get_resolver
    from drf_spectacular.generators import SchemaGenerator

    web = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace in ("cases", "protection") and set(entry.pattern.converters) == {"code"}:
                web.append(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, None)
    schema = SchemaGenerator().get_schema(request=None, public=True)
    api = [
        path
        for path, operations in schema["paths"].items()
        if re_.fullmatch(r"/api/v1/cases/\{code\}/[\w/-]*", path) and "get" in operations
    ]
    return web, api


def test_every_read_of_a_case_is_logged(client, case, staff):
    web, api = _case_get_routes()
    assert len(web) > 14 and len(api) > 12
    assert "protection:risk" in web and "/api/v1/cases/{code}/safety-plans/" in api
    client.force_login(staff["caseworker"])
    api_client = APIClient()
    api_client.force_login(staff["caseworker"])
    requests = [(client, reverse(name, args=[case.code])) for name in web]
    requests += [(api_client, path.replace("{code}", case.code)) for path in api]
    for browser, url in requests:
        before = AccessLogEntry.objects.filter(case_id=case.pk, action="view").count()
        # A form page first redirects to itself with a token (core.once), logging nothing:
        # the page shown is logged once.
        response = browser.get(url, follow=True)
        assert response.status_code in (200, 405), (url, response.status_code)
        if response.status_code == 200:
            after = AccessLogEntry.objects.filter(case_id=case.pk, action="view").count()
            assert after == before + 1, url


def test_a_change_is_logged(client, case, staff):
    client.force_login(staff["caseworker"])
    client.post(reverse("cases:consent", args=[case.code]), {
        "categories": ["identity"], "given_on": "2026-01-01", "valid_until": "2026-12-31"
    })  # fmt: skip
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="change").count() == 1


def test_a_list_logs_one_entry_per_record_in_one_insert(client, org, staff):
    cases = CaseFactory.create_batch(7, organisation=org, lead_worker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:list"))
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "audit_accesslogentry"')]
    assert len(inserts) == 1
    logged = AccessLogEntry.objects.filter(action="list").values_list("record_id", flat=True)
    assert sorted(logged) == sorted(case.pk for case in cases)


def test_a_person_search_logs_each_person_found(client, org, staff):
    from qamqor.people.services import person_create

    for name in ("Нұрлан", "Nurlan"):
        person_create(actor=staff["caseworker"], organisation=org, given_name=name)
    client.force_login(staff["caseworker"])
    response = client.post(reverse("people:search"), {"name": "Нурлан"})
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(action="search", record_type="people.person").count() == 2


def test_searches_by_name_or_iin_never_put_them_in_the_url(client, staff):
    client.force_login(staff["caseworker"])
    assert client.get(reverse("people:search"), {"name": "Nurlan"}).context["persons"] is None
    page = client.get(reverse("people:search")).content.decode()
    assert 'method="post"' in page


def test_the_log_refuses_update_and_delete(case, staff):
    log.record(staff["caseworker"], log.Action.VIEW, case)
    entry = AccessLogEntry.objects.get()
    entry.action = "change"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(action="change")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().action == "view"


@pytest.mark.postgres
def test_on_postgresql_a_trigger_refuses_update_and_delete_whoever_asks(case, staff):
    log.record(staff["caseworker"], log.Action.VIEW, case)
    for statement in (
        "UPDATE audit_accesslogentry SET action = 'change'",
        "DELETE FROM audit_accesslogentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AccessLogEntry.objects.get().action == "view"


def test_the_log_holds_no_names_or_identifiers(client, org, staff):
    from qamqor.people.services import person_create

    person = person_create(
        actor=staff["caseworker"], organisation=org, given_name="Aidana", iin="900515301234"
    ).person
    case = CaseFactory(organisation=org, person=person, lead_worker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    client.get(reverse("cases:detail", args=[case.code]))
    for entry in AccessLogEntry.objects.values():
        text = " ".join(str(value) for value in entry.values())
        assert "Aidana" not in text and "900515301234" not in text


def test_only_auditors_may_read_the_log(member):
    from qamqor.core import access
    from qamqor.core.access import Action

    assert access.can(member(Role.AUDITOR), Action.VIEW_ACCESS_LOG)
    for role in (Role.ADMIN, Role.SUPERVISOR, Role.ANALYST):
        assert not access.can(member(role), Action.VIEW_ACCESS_LOG)


def test_the_auditor_reads_the_log_and_filters_it(client, member, case, staff):
    log.record(staff["caseworker"], log.Action.VIEW, case)
    log.record(staff["supervisor"], log.Action.CHANGE, case)
    client.force_login(member(Role.AUDITOR))
    page = client.get(reverse("audit:log"), {"username": staff["supervisor"].username})
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert [entry.user for entry in rows] == [staff["supervisor"]]
    # The first page showed the case: the auditor's own read of it is in the log too.
    found = client.get(reverse("audit:log"), {"record_code": case.code.lower()}).context["page"]
    assert sorted(entry.action for entry in found.object_list) == ["change", "list", "view"]


def test_no_one_else_reads_the_log(client, member, case):
    for role in (Role.ADMIN, Role.SUPERVISOR, Role.ANALYST):
        client.force_login(member(role))
        assert client.get(reverse("audit:log")).status_code == 403


def test_the_log_page_costs_the_same_for_1_and_100_entries(client, member, case, staff):
    client.force_login(member(Role.AUDITOR))
    log.record(staff["caseworker"], log.Action.VIEW, case)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("audit:log"))
        return len(queries)

    one = count()
    log.record_many(staff["caseworker"], log.Action.LIST, [case] * 99)
    assert count() == one


def test_every_page_showing_a_person_is_logged(client, org, staff):
    from qamqor.people.services import person_create

    person = person_create(actor=staff["caseworker"], organisation=org).person
    client.force_login(staff["caseworker"])
    for name in ("people:detail", "people:edit"):
        before = AccessLogEntry.objects.filter(record_code=person.code, action="view").count()
        assert client.get(reverse(name, args=[person.code])).status_code == 200
        after = AccessLogEntry.objects.filter(record_code=person.code, action="view").count()
        assert after == before + 1, name

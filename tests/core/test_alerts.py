"""The one alert mechanism (core.alerts): every app's source refreshed by `qamqor alerts`, and
on the first read of a day when no refresh ran yet."""

import datetime as dt

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qamqor.core.alerts import alert_sources, refresh_all
from qamqor.core.models import AlertRun
from qamqor.protection.models import Alert
from tests.factories import CaseFactory, ProtectiveOrderFactory
from tests.helpers import api_client, web_client


def _order_expiring_unseen(org, worker):
    """An order ending in three days, written without the services: no alert raised yet."""
    case = CaseFactory(organisation=org, lead_worker=worker)
    today = timezone.localdate()
    return ProtectiveOrderFactory(
        case=case,
        issued_on=today - dt.timedelta(days=20),
        valid_until=today + dt.timedelta(days=3),
        recorded_by=worker,
    )


def test_protection_plugs_its_alerts_in_as_a_source():
    assert "protection" in alert_sources


def test_a_migrated_database_starts_refreshed_for_today(db):
    assert AlertRun.objects.filter(day=timezone.localdate()).exists()


def test_the_command_refreshes_every_source_and_marks_the_day(org, staff):
    order = _order_expiring_unseen(org, staff["caseworker"])
    AlertRun.objects.all().delete()
    call_command("alerts", verbosity=0)
    assert Alert.objects.filter(order=order, resolved_at__isnull=True).count() == 1
    assert list(AlertRun.objects.values_list("day", flat=True)) == [timezone.localdate()]
    call_command("alerts", verbosity=0)  # idempotent
    assert Alert.objects.filter(order=order).count() == 1


def test_a_read_refreshes_the_alerts_when_no_refresh_ran_today(org, staff):
    order = _order_expiring_unseen(org, staff["caseworker"])
    worker = api_client(staff["caseworker"])
    # Refreshed today already: the read shows what is stored.
    assert worker.get("/api/v1/alerts/").json()["results"] == []
    # Yesterday's refresh only (a missed schedule): the first read of the day refreshes.
    AlertRun.objects.update(day=timezone.localdate() - dt.timedelta(days=1))
    listed = worker.get("/api/v1/alerts/").json()["results"]
    assert [(alert["kind"], alert["order"]) for alert in listed] == [("order_expiring", order.pk)]
    assert AlertRun.objects.filter(day=timezone.localdate()).exists()


def test_the_home_page_refreshes_a_stale_day_too(org, staff):
    _order_expiring_unseen(org, staff["caseworker"])
    AlertRun.objects.all().delete()
    home = web_client(staff["caseworker"]).get(reverse("front:home"))
    assert home.status_code == 200
    assert "Protective order expiring" in home.content.decode()


def test_a_refresh_as_of_another_day_marks_no_day(db):
    """`qamqor alerts --date`: working as of another day leaves today's refresh to be done."""
    AlertRun.objects.all().delete()
    outcomes = refresh_all(today=timezone.localdate() + dt.timedelta(days=30))
    assert set(outcomes) == set(alert_sources.keys())
    assert not AlertRun.objects.exists()


def test_a_refresh_that_fails_on_read_is_logged_and_the_page_still_answers(
    org, staff, monkeypatch, caplog
):
    def broken(today):
        raise RuntimeError("a source's bug")

    monkeypatch.setattr("qamqor.core.alerts._refresh_sources", broken)
    AlertRun.objects.all().delete()
    home = web_client(staff["caseworker"]).get(reverse("front:home"))
    assert home.status_code == 200
    assert "could not be refreshed" in caplog.text
    assert not AlertRun.objects.exists()  # the next read tries again

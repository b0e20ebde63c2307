"""How fast the protection screens answer at national scale: the hotline call log, the
screenings list with its statistics, the home page's alerts and their API, and the daily
`qamqor alerts` refresh.

Fills a database (DATABASE_URL; PostgreSQL for meaningful figures) with the persons and
cases of bench/cases.py (its helpers, same organisations and case workers), then with
synthetic hotline calls, trafficking screenings (one answer per indicator in force),
protective orders and their violations, risk assessments and safety plans, all with
bulk_create, spread over the organisations and regions and the last two years. It then runs
`qamqor alerts` twice (cold, then again: nothing to raise) and times each screen for an
operator, a case worker and a supervisor of one organisation through the Django test
client, with the real access policy and the access log written, and prints a Markdown
section (median and 90th percentile of repeated requests).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qamqor_bench_protection \\
        .venv/bin/python bench/protection.py --cases 100000 --calls 1000000 --repeat 15

The database must be migrated and loaded (`qamqor migrate`, `qamqor load_catalog`) and the
static files collected (`STATIC_ROOT=/tmp/qamqor_bench_static qamqor collectstatic`, with the
same STATIC_ROOT here: the pages are rendered with the manifest storage, as in production).
The synthetic rows are added once (a second run reuses them and only times; `qamqor alerts`
is then no longer cold).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import cases as case_bench  # noqa: E402 - sets Django up
from qamqor.accounts.models import Organisation  # noqa: E402
from qamqor.cases.models import Case, RiskLevel  # noqa: E402
from qamqor.catalog.models import Region, TraffickingIndicator  # noqa: E402
from qamqor.core import access  # noqa: E402
from qamqor.core.access import Action, Role  # noqa: E402
from qamqor.protection.models import (  # noqa: E402
    Alert,
    HotlineCall,
    OrderViolation,
    ProtectiveOrder,
    RiskAssessment,
    SafetyPlan,
    Screening,
    ScreeningAnswer,
)

BATCH = 10_000
OPERATORS = 5  # per organisation; they log the calls
DAYS = 730  # calls and screenings over the last two years
CALL_TO_CASE = 0.05  # share of calls added to a case (of the same organisation)
YES_OFTEN = 0.2  # share of screenings of someone with many indicators
TOPICS = [
    (HotlineCall.Topic.DOMESTIC_VIOLENCE, 35), (HotlineCall.Topic.PSYCHOLOGICAL, 15),
    (HotlineCall.Topic.LEGAL, 10), (HotlineCall.Topic.SERVICES, 10),
    (HotlineCall.Topic.CHILD, 8), (HotlineCall.Topic.TRAFFICKING, 5),
    (HotlineCall.Topic.MIGRATION, 5), (HotlineCall.Topic.DISABILITY, 4),
    (HotlineCall.Topic.HOMELESSNESS, 3), (HotlineCall.Topic.OTHER, 5),
]  # fmt: skip
ORDER_DAYS = {  # how long each kind of order runs
    ProtectiveOrder.Kind.POLICE: (30, 30),
    ProtectiveOrder.Kind.COURT_BEHAVIOUR: (90, 365),
    ProtectiveOrder.Kind.COURT_RESTRAINING: (180, 365),
    ProtectiveOrder.Kind.OTHER: (30, 180),
}


def _weighted(pairs):
    values = [value for value, _weight in pairs]
    weights = [weight for _value, weight in pairs]
    return lambda rng: rng.choices(values, weights)[0]


topic_of = _weighted(TOPICS)
order_kind_of = _weighted(list(zip(ORDER_DAYS, (50, 25, 20, 5), strict=True)))


STARTED = time.perf_counter()


def _progress(label, have, total):
    print(f"  {time.perf_counter() - STARTED:6.0f} s  {label}: {have:,}/{total:,}", file=sys.stderr)


def _case_pool():
    """(pk, region id) of the bench cases, by organisation."""
    pool = defaultdict(list)
    rows = Case.objects.filter(organisation__code__startswith="bench-").values_list(
        "pk", "organisation_id", "region_id"
    )
    for pk, org_id, region_id in rows.iterator(chunk_size=20_000):
        pool[org_id].append((pk, region_id))
    return pool


def fill(args, rng: random.Random) -> None:
    case_bench.fill(args.cases, rng)
    regions = list(Region.objects.in_force())
    organisations = case_bench._organisations(regions)
    operators = {
        org.pk: [case_bench._staff(org, Role.OPERATOR, n) for n in range(OPERATORS)]
        for org in organisations
    }
    workers = {
        org.pk: [case_bench._staff(org, Role.CASEWORKER, n) for n in range(case_bench.WORKERS)]
        for org in organisations
    }
    for org in organisations:
        case_bench._staff(org, Role.SUPERVISOR)
    pool = _case_pool()
    now = timezone.now()
    today = timezone.localdate()

    def moment():
        return now - dt.timedelta(seconds=rng.randint(0, DAYS * 86_400))

    # Hotline calls
    have = HotlineCall.objects.count()
    while have < args.calls:
        size = min(BATCH * 5, args.calls - have)
        batch = []
        for _ in range(size):
            org = rng.choice(organisations)
            case_id, region_id = (None, rng.choice(regions).pk)
            if rng.random() < CALL_TO_CASE:
                case_id, region_id = rng.choice(pool[org.pk])
            batch.append(
                HotlineCall(
                    organisation_id=org.pk,
                    received_at=moment(),
                    duration_minutes=rng.randint(1, 40),
                    region_id=region_id,
                    caller_type=rng.choice(HotlineCall.CallerType.values),
                    topic=topic_of(rng),
                    language=rng.choice(["kk", "kk", "ru", "ru", "ru", "en", "other"]),
                    anonymous=rng.random() < 0.7,
                    risk_flag=rng.random() < 0.08,
                    note="Advised on services and rights.",
                    recorded_by=rng.choice(operators[org.pk]),
                    case_id=case_id,
                )
            )
        HotlineCall.objects.bulk_create(batch, batch_size=BATCH)
        have += size
        _progress("calls", have, args.calls)

    # Screenings, with one answer per indicator in force
    indicators = list(TraffickingIndicator.objects.in_force().values_list("pk", "weight"))
    linked = set(Screening.objects.exclude(case=None).values_list("case_id", flat=True))
    have = Screening.objects.count()
    recent = now - dt.timedelta(days=30)
    while have < args.screenings:
        size = min(BATCH, args.screenings - have)
        batch, answer_sets = [], []
        for _ in range(size):
            org = rng.choice(organisations)
            p_yes = 0.2 if rng.random() < YES_OFTEN else 0.04
            answers = [
                (pk, weight, "yes" if (draw := rng.random()) < p_yes else
                 ("no" if draw < 0.8 else "unknown"))
                for pk, weight in indicators
            ]  # fmt: skip
            score = sum(weight for _pk, weight, answer in answers if answer == "yes")
            screened_at = moment()
            S = Screening.Status
            if score < org.screening_threshold:
                status = S.BELOW_THRESHOLD
            elif screened_at > recent:
                status = rng.choice([S.AWAITING, S.AWAITING, S.IN_IDENTIFICATION])
            else:
                status = rng.choices(
                    [S.AWAITING, S.IN_IDENTIFICATION, S.IDENTIFIED, S.NOT_IDENTIFIED],
                    [3, 5, 52, 40],
                )[0]
            case_id, region_id = None, rng.choice(regions).pk
            if status not in (S.BELOW_THRESHOLD, S.AWAITING):  # a case was opened from it
                for _try in range(5):
                    case_id, region_id = rng.choice(pool[org.pk])
                    if case_id not in linked:
                        break
                linked.add(case_id)
            batch.append(
                Screening(
                    organisation_id=org.pk,
                    region_id=region_id,
                    place=rng.choice(Screening.Place.values),
                    screened_at=screened_at,
                    screened_by=rng.choice(operators[org.pk] + workers[org.pk][:5]),
                    sex=rng.choice(["female", "female", "male", "unknown"]),
                    age_group=rng.choice(["adult", "adult", "adult", "child", "unknown"]),
                    citizenship=rng.choice(["KZ", "KZ", "KZ", "UZ", "KG", "TJ", "unknown"]),
                    score=score,
                    threshold=org.screening_threshold,
                    status=status,
                    case_id=case_id,
                )
            )
            answer_sets.append(answers)
        with transaction.atomic():
            Screening.objects.bulk_create(batch)
            if args.answers:
                ScreeningAnswer.objects.bulk_create(
                    [
                        ScreeningAnswer(screening_id=screening.pk, indicator_id=pk, answer=answer)
                        for screening, answers in zip(batch, answer_sets, strict=True)
                        for pk, _weight, answer in answers
                    ],
                    batch_size=BATCH * 4,
                )
        have += size
        _progress("screenings", have, args.screenings)

    # Protective orders (and violations), risk assessments, safety plans: on bench cases
    flat = [(pk, org_id, region_id) for org_id, rows in pool.items() for pk, region_id in rows]
    have = ProtectiveOrder.objects.count()
    while have < args.orders:
        size = min(BATCH, args.orders - have)
        batch = []
        for _ in range(size):
            case_id, org_id, region_id = rng.choice(flat)
            kind = order_kind_of(rng)
            low, high = ORDER_DAYS[kind]
            valid_from = today - dt.timedelta(days=rng.randint(0, DAYS))
            valid_until = valid_from + dt.timedelta(days=rng.randint(low, high) - 1)
            revoked = rng.random() < 0.1 and valid_until > valid_from
            batch.append(
                ProtectiveOrder(
                    case_id=case_id,
                    kind=kind,
                    issuing_body="Бенч ІІБ",
                    number=f"PO-{have + len(batch)}",
                    issued_on=valid_from,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    conditions="No contact; keep 200 m away.",
                    respondent_name="Бенч Respondent",
                    respondent_relationship=rng.choice(ProtectiveOrder.Relationship.values),
                    respondent_birth_year=rng.randint(1950, 2005),
                    revoked_on=valid_from + (valid_until - valid_from) / 2 if revoked else None,
                    recorded_by=rng.choice(workers[org_id]),
                    organisation_id=org_id,
                    region_id=region_id,
                )
            )
        with transaction.atomic():
            ProtectiveOrder.objects.bulk_create(batch)
            OrderViolation.objects.bulk_create(
                [
                    OrderViolation(
                        order_id=order.pk,
                        case_id=order.case_id,
                        occurred_on=min(order.valid_until, today),
                        reported_by=rng.choice(OrderViolation.Reporter.values),
                        action_taken=rng.choice(OrderViolation.Response.values),
                        liability=rng.choice(OrderViolation.Liability.values),
                        recorded_by=order.recorded_by,
                    )
                    for order in batch
                    if rng.random() < 0.3
                ]
            )
        have += size
        _progress("protective orders", have, args.orders)

    have = RiskAssessment.objects.count()
    while have < args.risks:
        size = min(BATCH, args.risks - have)
        RiskAssessment.objects.bulk_create(
            [
                RiskAssessment(
                    case_id=(case := rng.choice(flat))[0],
                    assessed_on=today - dt.timedelta(days=rng.randint(0, DAYS)),
                    assessed_by=rng.choice(workers[case[1]]),
                    answers={"injured": "yes", "frightened": "yes", "weapon": "no"},
                    score=(score := rng.randint(0, 25)),
                    level=RiskLevel.HIGH
                    if score > 14
                    else RiskLevel.MEDIUM
                    if score > 7
                    else RiskLevel.LOW,
                )
                for _ in range(size)
            ]
        )
        have += size
        _progress("risk assessments", have, args.risks)

    # Safety plans: one current plan per case, older ones superseded. The current plan's
    # review falls between a month overdue and four months ahead.
    have = SafetyPlan.objects.count()
    if have < args.plans:
        planned = rng.sample(flat, min(len(flat), int((args.plans - have) * 0.8)))
        extra = [rng.choice(planned) for _ in range(args.plans - have - len(planned))]
        rows = [(case, False) for case in extra] + [(case, True) for case in planned]
        for start in range(0, len(rows), BATCH):
            SafetyPlan.objects.bulk_create(
                [
                    SafetyPlan(
                        case_id=case_id,
                        steps=["Keep the phone charged", "Bag with documents at a neighbour's"],
                        contacts=[{"name": "Police", "phone": "102"}],
                        review_due=today + dt.timedelta(days=rng.randint(-30, 120))
                        if current
                        else today - dt.timedelta(days=rng.randint(60, DAYS)),
                        last_reviewed_on=today - dt.timedelta(days=rng.randint(10, 200)),
                        is_current=current,
                        created_by=rng.choice(workers[org_id]),
                    )
                    for (case_id, org_id, _region_id), current in rows[start : start + BATCH]
                ]
            )
            _progress("safety plans", have + min(start + BATCH, len(rows)), args.plans)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")


def _run_alerts() -> tuple[float, str]:
    before = Alert.objects.count()
    out = StringIO()
    start = time.perf_counter()
    call_command("alerts", stdout=out)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, f"{before:,} alerts before; {out.getvalue().strip()}"


def _time(client: Client, url: str, data: dict | None, repeat: int):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, data or {})
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} {data} answered {response.status_code}")
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def screens(region: Region) -> list[tuple[str, str, dict | None, Action]]:
    today = timezone.localdate()
    month_ago = (today - dt.timedelta(days=30)).isoformat()
    year_ago = today - dt.timedelta(days=365)
    old_month = {"received_after": year_ago.isoformat(),
                 "received_before": (year_ago + dt.timedelta(days=30)).isoformat()}  # fmt: skip
    return [
        ("home page (alerts)", "/", None, Action.VIEW_CASE),
        ("call log, first page", "/hotline/", None, Action.VIEW_CALL),
        ("call log, last 30 days", "/hotline/", {"received_after": month_ago}, Action.VIEW_CALL),
        ("call log, a month a year ago", "/hotline/", old_month, Action.VIEW_CALL),
        ("call log, region + topic", "/hotline/",
         {"region": region.pk, "topic": "domestic_violence"}, Action.VIEW_CALL),
        ("screenings, list + statistics", "/screenings/", None, Action.VIEW_SCREENING),
        ("API calls, 50 rows", "/api/v1/calls/", None, Action.VIEW_CALL),
        ("API calls, region + topic + 30 days", "/api/v1/calls/",
         {"region": region.code, "topic": "domestic_violence", "received_after": month_ago},
         Action.VIEW_CALL),
        ("API screenings, 50 rows with answers", "/api/v1/screenings/", None,
         Action.VIEW_SCREENING),
        ("API screening statistics", "/api/v1/screenings/statistics/", None,
         Action.VIEW_SCREENING),
        ("API alerts", "/api/v1/alerts/", None, Action.VIEW_CASE),
    ]  # fmt: skip


def measure(repeat: int):
    organisation = Organisation.objects.get(code="bench-0")
    users = [
        ("operator", case_bench._staff(organisation, Role.OPERATOR)),
        ("case worker", case_bench._staff(organisation, Role.CASEWORKER)),
        ("supervisor", case_bench._staff(organisation, Role.SUPERVISOR)),
    ]
    rows, refused = [], []
    for who, user in users:
        client = Client()
        client.force_login(user)
        for name, url, data, action in screens(organisation.region):
            if not access.can(user, action):  # the policy refuses: check it does, don't time
                status = client.get(url, data or {}).status_code
                if status != 403:
                    raise SystemExit(f"{url} answered {status} to a {who} without {action}")
                refused.append(f"{name} — {who}")
                continue
            median, p90 = _time(client, url, data, repeat)
            rows.append((f"{name} — {who}", median, p90))
    return rows, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="persons, one case each")
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--screenings", type=int, default=300_000)
    parser.add_argument("--answers", action=argparse.BooleanOptionalAction, default=True,
                        help="one ScreeningAnswer per indicator and screening")  # fmt: skip
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument("--plans", type=int, default=50_000)
    parser.add_argument("--risks", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(11)  # noqa: S311 - synthetic data
    start = time.perf_counter()
    fill(args, rng)
    generated = time.perf_counter() - start
    print(f"generation: {generated:.0f} s", file=sys.stderr)
    cold, cold_out = _run_alerts()
    again, again_out = _run_alerts()
    counts = {
        "cases": Case.objects.count(),
        "hotline calls": HotlineCall.objects.count(),
        "linked to a case": HotlineCall.objects.exclude(case=None).count(),
        "screenings": Screening.objects.count(),
        "screening answers": ScreeningAnswer.objects.count(),
        "protective orders": ProtectiveOrder.objects.count(),
        "violations": OrderViolation.objects.count(),
        "risk assessments": RiskAssessment.objects.count(),
        "safety plans": SafetyPlan.objects.count(),
        "open alerts": Alert.objects.filter(resolved_at=None).count(),
    }
    rows, refused = measure(args.repeat)
    print(f"## {timezone.localdate():%Y-%m-%d} — protection screens (bench/protection.py, "
          f"{connection.vendor})\n")  # fmt: skip
    print("Database: " + connection.vendor + "; "
          + ", ".join(f"{name} {number:,}" for name, number in counts.items())
          + f"; generated in {generated:.0f} s; {args.repeat} requests each.\n")  # fmt: skip
    print("| run | ms | outcome |\n| --- | ---: | --- |")
    print(f"| `qamqor alerts`, cold | {cold:.0f} | {cold_out} |")
    print(f"| `qamqor alerts`, again | {again:.0f} | {again_out} |\n")
    print("| screen | median ms | p90 ms |\n| --- | ---: | ---: |")
    for name, median, p90 in rows:
        print(f"| {name} | {median:.0f} | {p90:.0f} |")
    if refused:
        print("\nRefused by the access policy (403, checked, not timed): " + "; ".join(refused))


if __name__ == "__main__":
    main()

"""`qamqor alerts`: raise and resolve the protection alerts for today. Idempotent: schedule
it daily (cron, systemd timer); a second run the same day changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand

from qamqor.protection import alerts


class Command(BaseCommand):
    help = "Raise the alerts due today (orders expiring, safety plan reviews, screenings)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Work as if today were this day."
        )

    def handle(self, *args, date=None, **options):
        outcome = alerts.refresh(today=date, everything=True)
        self.stdout.write(f"alerts raised: {outcome.raised}, resolved: {outcome.resolved}")

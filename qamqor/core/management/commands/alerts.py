"""`qamqor alerts`: bring every alert source up to date for today (core.alerts). Idempotent:
schedule it daily (cron, systemd timer); a second run the same day changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand

from qamqor.core import alerts


class Command(BaseCommand):
    help = "Raise the alerts due today and resolve those dealt with, from every alert source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Work as if today were this day."
        )

    def handle(self, *args, date=None, **options):
        total = alerts.Outcome()
        for name, outcome in alerts.refresh_all(today=date).items():
            total += outcome
            if options["verbosity"] > 1:
                self.stdout.write(f"{name}: raised {outcome.raised}, resolved {outcome.resolved}")
        self.stdout.write(f"alerts raised: {total.raised}, resolved: {total.resolved}")

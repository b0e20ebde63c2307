"""`qamqor seal_access_log`: chain the access log entries that are due (schedule it every
minute; see docs/deployment.md). Needs only SELECT and INSERT: it runs as the app's role."""

from django.core.management.base import BaseCommand, CommandError

from qamqor.audit import chain


class Command(BaseCommand):
    help = "Chain the access log entries older than the grace period into the hash chain."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Seal only entries at least this old (default: ACCESS_LOG_SEAL_GRACE_SECONDS).",
        )

    def handle(self, *args, **options):
        grace = options["grace"]
        if grace is not None and grace < 0:
            raise CommandError("--grace must be 0 or more seconds.")
        self.stdout.write(f"sealed {chain.seal(grace=grace)}")

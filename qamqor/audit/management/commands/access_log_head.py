"""`qamqor access_log_head`: print the head of the access log's hash chain as one dated line,
to keep outside the database (docs/deployment.md); `verify_access_log --head LINE` checks it."""

from django.core.management.base import BaseCommand

from qamqor.audit import chain


class Command(BaseCommand):
    help = "Print the access log chain's head as one dated line, to keep outside the database."
    requires_system_checks = []

    def handle(self, *args, **options):
        self.stdout.write(chain.head_line())

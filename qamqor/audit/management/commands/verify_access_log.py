"""`qamqor verify_access_log [--head LINE]…`: check the access log's hash chain. Exits 0
printing `ok N` (N entries verified), or 1 printing `first broken link: id=N (reason)`."""

import sys

from django.core.management.base import BaseCommand, CommandError

from qamqor.audit import chain


class Command(BaseCommand):
    help = "Check the access log's hash chain, and that it still holds the heads kept elsewhere."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="LINE",
            help="A line printed earlier by `qamqor access_log_head` (may be repeated).",
        )

    def handle(self, *args, **options):
        heads: dict[int, str] = {}
        for line in options["head"]:
            try:
                entry_id, digest = chain.parse_head(line)
            except ValueError as error:
                raise CommandError(str(error)) from None
            if heads.get(entry_id, digest) != digest:
                raise CommandError(f"two different heads given for id={entry_id}")
            heads[entry_id] = digest
        verdict = chain.verify(heads)
        self.stdout.write(verdict.line())
        if verdict.unsealed:
            self.stderr.write(f"{verdict.unsealed} newer entries are not sealed yet")
        if not verdict.ok:
            sys.exit(1)

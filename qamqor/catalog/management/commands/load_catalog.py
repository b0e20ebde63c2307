from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qamqor.catalog.loader import DATA_DIR, CatalogError, load_catalog


class Command(BaseCommand):
    help = "Load the reference data files (idempotent; a malformed file changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DATA_DIR, help="Folder of data files.")

    def handle(self, *args, dir: Path, verbosity: int = 1, **options):
        try:
            report = load_catalog(dir)
        except CatalogError as error:
            raise CommandError(
                _("The catalog was not loaded; nothing was changed.") + "\n" + str(error)
            ) from None
        if verbosity < 1:
            return
        for file in report.files:
            self.stdout.write(
                _(
                    "%(file)s: %(created)s created, %(updated)s updated, "
                    "%(deactivated)s deactivated, %(unchanged)s unchanged"
                )
                % {**vars(file), "file": file.name}
            )
        self.stdout.write(_("Catalog version %(version)s loaded.") % {"version": report.version})
